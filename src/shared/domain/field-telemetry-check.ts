import { lampFaults } from './field-lighting';
import { signalIntervals, signalModes } from './field-signals';

/**
 * The receive path's fast check of telemetry v1: a hand-written conformance test for the
 * shapes of `telemetryMessageSchema` (field-protocol.ts), ~10× cheaper than running zod on
 * every message of a 50,000 msg/s stream.
 *
 * It is one-sided on purpose. `conformsToTelemetryV1(x) === true` promises that zod accepts
 * `x` and that zod's output equals `x` itself (no unknown keys to strip, no defaults to fill),
 * so the parsed object can be used as is. `false` promises nothing: the caller then runs the
 * zod schema, which stays the only judge of rejections and the source of their messages. So
 * the station accepts and refuses exactly the messages zod accepts and refuses; this file only
 * decides how fast. `field-telemetry-check.test.ts` checks the promise over generated valid,
 * mutated and hostile messages. When a schema in field-*.ts changes, change this file with it
 * (the test fails otherwise: its generator builds messages from the same rules).
 */
export function conformsToTelemetryV1(value: unknown): boolean {
  if (!isPlain(value) || !hasKeys(value, 7)) return false;
  const m = value as Record<string, unknown>;
  if (m.v !== 1 || !isControllerId(m.src) || !isStr(m.boot, 1, 64) || !isInt(m.seq, 0, MAX) || !isInt(m.ts, 0, MAX)) return false;
  const data = m.data;
  switch (m.type) {
    case 'hb':
      return isHeartbeat(data);
    case 'signal.state':
      return isSignalState(data);
    case 'count.vehicles':
      return isVehicleCounts(data);
    case 'light.state':
      return isCabinetState(data);
    case 'flood.state':
      return isGaugeState(data);
    case 'event':
      return isControllerEvent(data);
    default:
      return false;
  }
}

const MAX = Number.MAX_SAFE_INTEGER;
const MIN = Number.MIN_SAFE_INTEGER;
const CONTROLLER_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const SIGNAL_MODES: ReadonlySet<unknown> = new Set(signalModes);
const SIGNAL_INTERVALS: ReadonlySet<unknown> = new Set(signalIntervals);
const LAMP_FAULTS: ReadonlySet<unknown> = new Set(lampFaults);
const COUNT_SOURCES: ReadonlySet<unknown> = new Set(['loop', 'camera', 'simulator']);
const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A plain object, as JSON.parse makes of `{…}` (anything else is left to zod). */
function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * Exactly `n` own keys, none of them `__proto__`. With every expected key checked by the
 * caller, this means there is nothing zod would strip, so its output would equal the input.
 */
function hasKeys(o: Record<string, unknown>, n: number): boolean {
  let count = 0;
  for (const key in o) {
    if (!Object.hasOwn(o, key) || key === '__proto__') return false;
    count++;
  }
  return count === n;
}

function isStr(v: unknown, min = 0, max = Infinity): v is string {
  return typeof v === 'string' && v.length >= min && v.length <= max;
}

/** zod 4's `.int()` accepts safe integers only. */
function isInt(v: unknown, min: number, max: number): v is number {
  return Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;
}

/** zod 4's `z.number()` refuses NaN and ±Infinity (JSON.parse makes Infinity of 1e999). */
function isNum(v: unknown, min = -Infinity): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= min;
}

function isBool(v: unknown): v is boolean {
  return v === true || v === false;
}

function isControllerId(v: unknown): boolean {
  return typeof v === 'string' && CONTROLLER_ID.test(v);
}

function isArrayOf(v: unknown, min: number, max: number, item: (x: unknown) => boolean): boolean {
  if (!Array.isArray(v) || v.length < min || v.length > max) return false;
  for (let i = 0; i < v.length; i++) if (!item(v[i])) return false;
  return true;
}

function isHeartbeat(d: unknown): boolean {
  return isPlain(d) && hasKeys(d, 3) && isInt(d.intervalMs, 100, 60_000) && isBool(d.linkUp) && isInt(d.outbox, 0, MAX);
}

function isPhaseTiming(p: unknown): boolean {
  return (
    isPlain(p) &&
    hasKeys(p, 6) &&
    isStr(p.name, 1, 40) &&
    isInt(p.greenS, 5, 180) &&
    isInt(p.yellowS, 3, 6) &&
    isInt(p.allRedS, 0, 6) &&
    isInt(p.minGreenS, 5, 60) &&
    isInt(p.maxGreenS, 10, 180)
  );
}

function isTimingPlan(p: unknown): boolean {
  return isPlain(p) && hasKeys(p, 4) && isStr(p.id, 1, 40) && isStr(p.name, 1, 80) && isInt(p.offsetS, 0, 300) && isArrayOf(p.phases, 2, 8, isPhaseTiming);
}

const isNonNegInt = (x: unknown) => isInt(x, 0, MAX);
const isAnyStr = (x: unknown) => typeof x === 'string';

function isSignalState(d: unknown): boolean {
  return (
    isPlain(d) &&
    hasKeys(d, 13) &&
    SIGNAL_MODES.has(d.mode) &&
    isStr(d.planId) &&
    isArrayOf(d.planIds, 0, Infinity, isAnyStr) &&
    isTimingPlan(d.plan) &&
    isInt(d.cycleS, 1, MAX) &&
    isInt(d.phaseIndex, 0, MAX) &&
    SIGNAL_INTERVALS.has(d.interval) &&
    (d.remainingS === null || isNum(d.remainingS, 0)) &&
    isNum(d.cycleSecond, 0) &&
    (d.heldPhase === null || isInt(d.heldPhase, 0, MAX)) &&
    isArrayOf(d.skipPhases, 0, Infinity, isNonNegInt) &&
    (d.manualUntil === null || isInt(d.manualUntil, MIN, MAX)) &&
    (d.revertTo === null || SIGNAL_MODES.has(d.revertTo))
  );
}

function isVehicleCounts(d: unknown): boolean {
  return (
    isPlain(d) &&
    hasKeys(d, 4) &&
    isStr(d.intersectionId, 1, 64) &&
    isInt(d.periodS, 1, 3600) &&
    isArrayOf(d.perPhase, 1, 8, (x) => isInt(x, 0, 100_000)) &&
    COUNT_SOURCES.has(d.source)
  );
}

function isScheduleStep(s: unknown): boolean {
  if (!isPlain(s) || !hasKeys(s, 2) || !isInt(s.dimPct, 0, 100)) return false;
  const at = s.at;
  if (!isPlain(at) || !hasKeys(at, 2)) return false;
  if (at.kind === 'clock') return typeof at.time === 'string' && CLOCK_TIME.test(at.time);
  return (at.kind === 'sunset' || at.kind === 'sunrise') && isInt(at.offsetMin, -180, 180);
}

function isLightingRule(r: unknown): boolean {
  if (!isPlain(r)) return false;
  if (r.kind === 'weather') return hasKeys(r, 3) && (r.when === 'rain' || r.when === 'fog') && isInt(r.minDimPct, 0, 100);
  return r.kind === 'event' && hasKeys(r, 5) && isStr(r.name, 1, 80) && isInt(r.from, MIN, MAX) && isInt(r.to, MIN, MAX) && isInt(r.dimPct, 0, 100);
}

function isLamp(l: unknown): boolean {
  return (
    isPlain(l) &&
    hasKeys(l, 5) &&
    isStr(l.id) &&
    isStr(l.circuitId) &&
    isBool(l.on) &&
    isInt(l.dimPct, 0, 100) &&
    (l.fault === null || LAMP_FAULTS.has(l.fault))
  );
}

function isCircuit(c: unknown): boolean {
  return isPlain(c) && hasKeys(c, 3) && isStr(c.id) && isBool(c.on) && isInt(c.dimPct, 0, 100);
}

function isCabinetState(d: unknown): boolean {
  return (
    isPlain(d) &&
    hasKeys(d, 15) &&
    (d.mode === 'schedule' || d.mode === 'manual') &&
    isInt(d.dimPct, 0, 100) &&
    isStr(d.levelSource) &&
    isArrayOf(d.circuits, 0, Infinity, isCircuit) &&
    isArrayOf(d.lamps, 0, Infinity, isLamp) &&
    (d.door === 'closed' || d.door === 'open') &&
    (d.mains === 'ok' || d.mains === 'fail') &&
    isNum(d.powerW, 0) &&
    isNum(d.fullPowerW, 0) &&
    isNum(d.energyKWh, 0) &&
    isNum(d.baselineKWh, 0) &&
    isArrayOf(d.schedule, 0, Infinity, isScheduleStep) &&
    isArrayOf(d.rules, 0, Infinity, isLightingRule) &&
    isInt(d.sunset, MIN, MAX) &&
    isInt(d.sunrise, MIN, MAX)
  );
}

function isWarningDevice(w: unknown): boolean {
  return (
    isPlain(w) &&
    hasKeys(w, 4) &&
    (w.kind === 'siren' || w.kind === 'board') &&
    isBool(w.active) &&
    (w.cause === null || w.cause === 'auto' || w.cause === 'operator') &&
    (w.silencedAtLevel === null || isInt(w.silencedAtLevel, 0, 3))
  );
}

const isPump = (p: unknown) => isPlain(p) && hasKeys(p, 3) && isStr(p.id) && isBool(p.running) && isBool(p.auto);
const isGate = (g: unknown) => isPlain(g) && hasKeys(g, 2) && isStr(g.id) && isBool(g.open);
const isAnyNum = (x: unknown) => isNum(x);

function isGaugeState(d: unknown): boolean {
  return (
    isPlain(d) &&
    hasKeys(d, 10) &&
    isNum(d.levelM) &&
    isNum(d.rainMmH, 0) &&
    isNum(d.rain1hMm, 0) &&
    isNum(d.riseMPerH) &&
    isInt(d.level, 0, 3) &&
    isArrayOf(d.thresholdsM, 3, 3, isAnyNum) &&
    isInt(d.autoWarnLevel, 1, 3) &&
    isWarningDevice(d.device) &&
    isArrayOf(d.pumps, 0, Infinity, isPump) &&
    isArrayOf(d.gates, 0, Infinity, isGate)
  );
}

function isDetailValue(x: unknown): boolean {
  return x === null || typeof x === 'string' || typeof x === 'boolean' || isNum(x);
}

/** `detail` must be present here: a missing one is filled by zod's default, so zod handles it. */
function isControllerEvent(d: unknown): boolean {
  if (!isPlain(d) || !hasKeys(d, 4) || !isStr(d.name, 1, 64) || !isInt(d.at, 0, MAX) || !isBool(d.offline)) return false;
  const detail = d.detail;
  if (!isPlain(detail)) return false;
  for (const key in detail) {
    if (!Object.hasOwn(detail, key) || key === '__proto__' || !isDetailValue(detail[key])) return false;
  }
  return true;
}
