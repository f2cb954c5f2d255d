import type { FieldCommandOp } from '../../shared/domain/field-commands';
import { warningLevel, type GaugeState } from '../../shared/domain/field-flood';
import type { CommandOutcome, EventDetail } from './outcome';
import type { Rng } from './rng';

type FloodOp = Extract<FieldCommandOp, { type: `flood.${string}` }>;

export interface GaugeSpec {
  id: string;
  thresholdsM: [number, number, number];
  hasSiren: boolean;
  pumps: number;
  gates: number;
}

const HOUR_MS = 3_600_000;
const TREND_WINDOW_MS = 10 * 60_000;

/**
 * A flood-warning station: water level and rain sensors, a siren or warning board it fires by
 * itself at its preset level (the console may be unreachable: that is the point), pumps and gates.
 *
 * The water model is a simple reservoir in units of the gauge's threshold spacing, so every
 * point responds alike: rain raises it, the catchment drains it back towards its base level,
 * running pumps and open gates lower it faster.
 */
export class FloodGauge {
  private levelM: number;
  private readonly baseM: number;
  private readonly stepM: number;
  private thresholds: [number, number, number];
  private autoWarnLevel = 2;
  private rainMmH = 0;
  private rain1hMm = 0;
  private warning = 0;
  private device: GaugeState['device'];
  private readonly pumps: { id: string; running: boolean; auto: boolean }[];
  private readonly gates: { id: string; open: boolean }[];
  private readonly history: { t: number; levelM: number }[] = [];
  private lastTick: number;
  private lastSignature = '';

  constructor(
    private readonly spec: GaugeSpec,
    private readonly rng: Rng,
    now: number,
    private readonly onEvent: (name: string, detail: EventDetail) => void,
  ) {
    this.thresholds = [...spec.thresholdsM];
    this.stepM = spec.thresholdsM[1] - spec.thresholdsM[0];
    this.baseM = spec.thresholdsM[0] - 1.2 * this.stepM;
    this.levelM = this.baseM + rng.between(0, 0.2) * this.stepM;
    this.device = { kind: spec.hasSiren ? 'siren' : 'board', active: false, cause: null, silencedAtLevel: null };
    this.pumps = Array.from({ length: spec.pumps }, (_, i) => ({ id: `${spec.id}-pump-${i + 1}`, running: false, auto: true }));
    this.gates = Array.from({ length: spec.gates }, (_, i) => ({ id: `${spec.id}-gate-${i + 1}`, open: true }));
    this.lastTick = now;
  }

  get id(): string {
    return this.spec.id;
  }

  setRain(mmH: number): void {
    this.rainMmH = Math.max(0, mmH);
  }

  setLevel(levelM: number, now: number): void {
    this.levelM = levelM;
    this.evaluate(now);
  }

  /** `timeScale` speeds the water up for drills; the clock itself is unchanged. */
  tick(now: number, timeScale: number): void {
    const dtH = (Math.max(0, now - this.lastTick) / HOUR_MS) * timeScale;
    this.lastTick = now;
    if (dtH <= 0) return;
    const inflow = 0.02 * this.rainMmH * this.stepM;
    const recession = 0.3 * Math.max(0, this.levelM - this.baseM);
    const pumping = this.pumps.filter((p) => p.running).length * 0.5 * this.stepM;
    const gates = this.gates.filter((g) => g.open).length * 0.1 * this.stepM;
    const drain = this.levelM > this.baseM ? pumping + gates : 0;
    const noise = this.rng.gaussian() * 0.002 * this.stepM * Math.sqrt(dtH * 60);
    this.levelM = Math.max(this.baseM - 0.5 * this.stepM, this.levelM + (inflow - recession - drain) * dtH + noise);
    // A leaky one-hour integrator: close to a rolling hourly total without keeping an hour of samples.
    this.rain1hMm = Math.max(0, this.rain1hMm + this.rainMmH * dtH - this.rain1hMm * dtH);
    this.history.push({ t: now, levelM: this.levelM });
    while (this.history.length > 0 && now - this.history[0]!.t > TREND_WINDOW_MS) this.history.shift();
    if (this.history.length > 4_000) this.history.splice(0, this.history.length - 4_000);
    this.evaluate(now);
  }

  takeChanged(): boolean {
    const signature = `${this.warning}|${this.device.active}|${this.device.cause}|${this.device.silencedAtLevel}|${this.pumps.map((p) => `${p.running}${p.auto}`).join()}|${this.gates.map((g) => g.open).join()}|${this.thresholds.join()}|${this.autoWarnLevel}`;
    const changed = signature !== this.lastSignature;
    this.lastSignature = signature;
    return changed;
  }

  execute(op: FloodOp, now: number): CommandOutcome {
    switch (op.type) {
      case 'flood.siren':
        if (op.action === 'trigger') {
          this.device = { ...this.device, active: true, cause: 'operator', silencedAtLevel: null };
          this.onEvent('warning.triggered', { device: this.device.kind, level: this.warning });
        } else {
          this.device = { ...this.device, active: false, cause: null, silencedAtLevel: this.warning };
          this.onEvent('warning.silenced', { device: this.device.kind, level: this.warning });
        }
        return { ok: true };
      case 'flood.setThresholds':
        this.thresholds = [...op.thresholdsM];
        this.autoWarnLevel = op.autoWarnLevel;
        this.evaluate(now);
        return { ok: true };
      case 'flood.pump': {
        const pump = this.pumps.find((p) => p.id === op.pumpId);
        if (!pump) return { ok: false, code: 'INVALID', reason: `${this.id} has no pump "${op.pumpId}"` };
        pump.running = op.run;
        pump.auto = op.auto;
        return { ok: true };
      }
      case 'flood.gate': {
        const gate = this.gates.find((g) => g.id === op.gateId);
        if (!gate) return { ok: false, code: 'INVALID', reason: `${this.id} has no gate "${op.gateId}"` };
        gate.open = op.open;
        return { ok: true };
      }
    }
  }

  state(): GaugeState {
    const oldest = this.history[0];
    const newest = this.history[this.history.length - 1];
    const spanH = oldest && newest ? (newest.t - oldest.t) / HOUR_MS : 0;
    const rise = oldest && newest && spanH > 0 ? (newest.levelM - oldest.levelM) / spanH : 0;
    return {
      levelM: round3(this.levelM),
      rainMmH: Math.round(this.rainMmH * 10) / 10,
      rain1hMm: Math.round(this.rain1hMm * 10) / 10,
      riseMPerH: round3(rise),
      level: this.warning,
      thresholdsM: this.thresholds,
      autoWarnLevel: this.autoWarnLevel,
      device: this.device,
      pumps: this.pumps.map((p) => ({ ...p })),
      gates: this.gates.map((g) => ({ ...g })),
    };
  }

  /** The controller's own logic: warning level, its warning device, its pumps. Runs whatever the link does. */
  private evaluate(_now: number): void {
    const before = this.warning;
    this.warning = warningLevel(this.levelM, this.thresholds, this.warning);
    if (this.warning !== before) this.onEvent('level.changed', { from: before, to: this.warning, levelM: round3(this.levelM) });
    if (this.device.silencedAtLevel !== null && (this.warning > this.device.silencedAtLevel || this.warning === 0)) {
      this.device = { ...this.device, silencedAtLevel: null };
    }
    const silenced = this.device.silencedAtLevel !== null;
    if (this.warning >= this.autoWarnLevel && !this.device.active && !silenced) {
      this.device = { ...this.device, active: true, cause: 'auto' };
      this.onEvent('warning.auto', { device: this.device.kind, level: this.warning, levelM: round3(this.levelM) });
    } else if (this.warning < this.autoWarnLevel && this.device.active && this.device.cause === 'auto') {
      this.device = { ...this.device, active: false, cause: null };
      this.onEvent('warning.cleared', { device: this.device.kind, level: this.warning });
    }
    for (const pump of this.pumps) {
      if (!pump.auto) continue;
      const run = this.warning >= 1 || (pump.running && this.levelM > this.thresholds[0] - 0.2 * this.stepM);
      if (run !== pump.running) this.onEvent(run ? 'pump.started' : 'pump.stopped', { pumpId: pump.id, auto: true });
      pump.running = run;
    }
  }
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;
