import { describe, expect, it } from 'vitest';
import { checkTelemetry, FieldDecodeError, telemetryMessageSchema } from './field-protocol';
import { conformsToTelemetryV1 } from './field-telemetry-check';

/**
 * Property tests of the fast telemetry check against the zod schema, the oracle: over valid,
 * boundary, mutated and hostile messages, whatever the fast check passes zod must accept and
 * leave unchanged. Messages come from a small seeded generator driven by the same rules as the
 * schemas, so a failure prints a seed and a message that reproduce it.
 */

// --- a seeded generator ------------------------------------------------------------------

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    // xorshift32
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x1_0000_0000;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof rng>;

type Spec =
  | { k: 'int'; min: number; max: number }
  | { k: 'num'; min?: number }
  | { k: 'str'; min: number; max: number; alphabet?: string }
  | { k: 'id' }
  | { k: 'clock' }
  | { k: 'enum'; values: readonly unknown[] }
  | { k: 'bool' }
  | { k: 'null'; of: Spec }
  | { k: 'arr'; of: Spec; min: number; max: number }
  | { k: 'tuple'; of: Spec[] }
  | { k: 'obj'; shape: Record<string, Spec> }
  | { k: 'record'; of: Spec }
  | { k: 'union'; of: Spec[] };

const SAFE = Number.MAX_SAFE_INTEGER;
const int = (min = 0, max = SAFE): Spec => ({ k: 'int', min, max });
const num = (min?: number): Spec => (min === undefined ? { k: 'num' } : { k: 'num', min });
const str = (min = 0, max = 30): Spec => ({ k: 'str', min, max });
const en = (...values: unknown[]): Spec => ({ k: 'enum', values });
const bool: Spec = { k: 'bool' };
const nul = (of: Spec): Spec => ({ k: 'null', of });
const arr = (of: Spec, min = 0, max = 5): Spec => ({ k: 'arr', of, min, max });
const obj = (shape: Record<string, Spec>): Spec => ({ k: 'obj', shape });

const modes = en('fixed', 'actuated', 'adaptive', 'manual', 'flashing', 'off');
const phase = obj({ name: str(1, 40), greenS: int(5, 180), yellowS: int(3, 6), allRedS: int(0, 6), minGreenS: int(5, 60), maxGreenS: int(10, 180) });
const dataSpecs: Record<string, Spec[]> = {
  hb: [obj({ intervalMs: int(100, 60_000), linkUp: bool, outbox: int() })],
  'signal.state': [
    obj({
      mode: modes,
      planId: str(0),
      planIds: arr(str(0)),
      plan: obj({ id: str(1, 40), name: str(1, 80), offsetS: int(0, 300), phases: arr(phase, 2, 8) }),
      cycleS: int(1),
      phaseIndex: int(),
      interval: en('green', 'yellow', 'allRed', 'flashingYellow', 'dark'),
      remainingS: nul(num(0)),
      cycleSecond: num(0),
      heldPhase: nul(int()),
      skipPhases: arr(int()),
      manualUntil: nul(int(-SAFE, SAFE)),
      revertTo: nul(modes),
    }),
  ],
  'count.vehicles': [obj({ intersectionId: str(1, 64), periodS: int(1, 3600), perPhase: arr(int(0, 100_000), 1, 8), source: en('loop', 'camera', 'simulator') })],
  'light.state': [
    obj({
      mode: en('schedule', 'manual'),
      dimPct: int(0, 100),
      levelSource: str(0),
      circuits: arr(obj({ id: str(0), on: bool, dimPct: int(0, 100) })),
      lamps: arr(obj({ id: str(0), circuitId: str(0), on: bool, dimPct: int(0, 100), fault: nul(en('lampOut', 'powerFailure', 'doorOpen', 'commLost')) })),
      door: en('closed', 'open'),
      mains: en('ok', 'fail'),
      powerW: num(0),
      fullPowerW: num(0),
      energyKWh: num(0),
      baselineKWh: num(0),
      schedule: arr(
        obj({
          at: {
            k: 'union',
            of: [obj({ kind: en('clock'), time: { k: 'clock' } }), obj({ kind: en('sunset'), offsetMin: int(-180, 180) }), obj({ kind: en('sunrise'), offsetMin: int(-180, 180) })],
          },
          dimPct: int(0, 100),
        }),
      ),
      rules: arr({
        k: 'union',
        of: [
          obj({ kind: en('weather'), when: en('rain', 'fog'), minDimPct: int(0, 100) }),
          obj({ kind: en('event'), name: str(1, 80), from: int(-SAFE, SAFE), to: int(-SAFE, SAFE), dimPct: int(0, 100) }),
        ],
      }),
      sunset: int(-SAFE, SAFE),
      sunrise: int(-SAFE, SAFE),
    }),
  ],
  'flood.state': [
    obj({
      levelM: num(),
      rainMmH: num(0),
      rain1hMm: num(0),
      riseMPerH: num(),
      level: int(0, 3),
      thresholdsM: { k: 'tuple', of: [num(), num(), num()] },
      autoWarnLevel: int(1, 3),
      device: obj({ kind: en('siren', 'board'), active: bool, cause: nul(en('auto', 'operator')), silencedAtLevel: nul(int(0, 3)) }),
      pumps: arr(obj({ id: str(0), running: bool, auto: bool })),
      gates: arr(obj({ id: str(0), open: bool })),
    }),
  ],
  event: [obj({ name: str(1, 64), at: int(), offline: bool, detail: { k: 'record', of: { k: 'union', of: [str(0), num(), bool, en(null)] } } })],
};
const types = Object.keys(dataSpecs);

const ALPHABET = 'abcxyz-019 ĐđƯưạ漢\u0000"\\/{}';
function genString(r: Rng, min: number, max: number): string {
  const len = r.chance(0.2) ? r.pick([min, max === Infinity ? min : max]) : r.int(min, Math.min(max, min + 12));
  let s = '';
  for (let i = 0; i < len; i++) s += r.pick([...ALPHABET]);
  return s;
}

function gen(r: Rng, spec: Spec): unknown {
  switch (spec.k) {
    case 'int':
      if (r.chance(0.2)) return r.pick([spec.min, spec.max]);
      return r.int(Math.max(spec.min, -1e6), Math.min(spec.max, 1e6));
    case 'num': {
      const min = spec.min ?? -1e6;
      return r.chance(0.2) ? min : Math.round((min + r.next() * 1e6) * 1000) / 1000;
    }
    case 'str':
      return genString(r, spec.min, spec.max);
    case 'id':
      return r.pick(['int-01', 'cab-hv-3', 'g7', '0', 'a'.repeat(64)]);
    case 'clock':
      return `${String(r.int(0, 23)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}`;
    case 'enum':
      return r.pick(spec.values);
    case 'bool':
      return r.chance(0.5);
    case 'null':
      return r.chance(0.3) ? null : gen(r, spec.of);
    case 'arr': {
      const n = r.int(spec.min, Math.min(spec.max, spec.min + 4));
      return Array.from({ length: n }, () => gen(r, spec.of));
    }
    case 'tuple':
      return spec.of.map((s) => gen(r, s));
    case 'obj':
      return Object.fromEntries(Object.entries(spec.shape).map(([key, s]) => [key, gen(r, s)]));
    case 'record':
      return Object.fromEntries(Array.from({ length: r.int(0, 3) }, () => [genString(r, 0, 6), gen(r, spec.of)]));
    case 'union':
      return gen(r, r.pick(spec.of));
  }
}

const envelope: Record<string, Spec> = { v: en(1), src: { k: 'id' }, boot: str(1, 64), seq: int(), ts: int() };
function genMessage(r: Rng): Record<string, unknown> {
  const type = r.pick(types);
  const m: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(envelope)) m[key] = gen(r, s);
  m.type = type;
  m.data = gen(r, r.pick(dataSpecs[type]!));
  return m;
}

/** Values that break some rule somewhere: wrong types, edges, the numbers JSON cannot say. */
const HOSTILE: unknown[] = [
  -1, 0, 0.5, 1.5, -0.000001, 2 ** 53, -(2 ** 53), 1e308, -1e308, 4, 7, 61, 181, 301, 3601, 100_001, 60_001, 99, 101,
  '', ' ', 'x'.repeat(41), 'x'.repeat(65), 'x'.repeat(81), 'INT-01', '-x', '24:00', '9:00', '12:60', '1', 'true', 'null',
  null, true, false, [], [1], [null], {}, { a: 1 }, { __proto__: null }, 'fixed', 'green', 'clock', 'event', 'weather',
];

/** Every path to a value inside `v`, objects and arrays alike. */
function paths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (typeof v === 'object' && v !== null) for (const key of Object.keys(v)) paths((v as Record<string, unknown>)[key], [...at, key], out);
  return out;
}

function mutate(r: Rng, message: Record<string, unknown>): { value: unknown; how: string } {
  const copy = structuredClone(message) as Record<string, unknown>;
  const all = paths(copy).filter((p) => p.length > 0);
  const path = r.pick(all);
  let parent: unknown = copy;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[key];
  const last = path[path.length - 1]!;
  const holder = parent as Record<string | number, unknown>;
  const roll = r.next();
  let how: string;
  if (roll < 0.12 && !Array.isArray(holder)) {
    delete holder[last];
    how = `delete ${path.join('.')}`;
  } else if (roll < 0.22 && typeof holder[last] === 'object' && holder[last] !== null && !Array.isArray(holder[last])) {
    (holder[last] as Record<string, unknown>)[r.pick(['extra', 'constructor', 'toString'])] = r.pick(HOSTILE);
    how = `extra key in ${path.join('.')}`;
  } else if (roll < 0.3 && Array.isArray(holder[last])) {
    (holder[last] as unknown[]).push(r.pick(HOSTILE));
    how = `push onto ${path.join('.')}`;
  } else {
    holder[last] = r.pick(HOSTILE);
    how = `${path.join('.')} = ${JSON.stringify(holder[last])}`;
  }
  return { value: copy, how };
}

// --- the property -------------------------------------------------------------------------

/** The promise of conformsToTelemetryV1: a pass means zod accepts the value and returns it unchanged. */
function agrees(value: unknown): { fast: boolean; zod: boolean } {
  const fast = conformsToTelemetryV1(value);
  const parsed = telemetryMessageSchema.safeParse(value);
  if (fast) {
    expect(parsed.success, `fast check passed what zod refuses: ${JSON.stringify(value)?.slice(0, 400)}`).toBe(true);
    expect(parsed.data, 'zod would change a message the fast check passed').toStrictEqual(value);
  }
  return { fast, zod: parsed.success };
}

/** Through the wire: the value as JSON text, parsed again (JSON.parse makes own `__proto__` keys and Infinity of 1e999). */
const wire = (text: string): unknown => JSON.parse(text);

describe('fast telemetry check (conformsToTelemetryV1) against the zod schema', () => {
  it('passes every generated valid message that zod accepts unchanged, for every type', () => {
    const r = rng(0xf1e1d);
    const passed = new Map<string, number>();
    for (let i = 0; i < 3_000; i++) {
      const message = wire(JSON.stringify(genMessage(r))) as Record<string, unknown>;
      const { fast, zod } = agrees(message);
      // The generator makes valid messages: zod must accept them, and the fast path must take them.
      expect(zod, JSON.stringify(message)).toBe(true);
      expect(fast, `fast check refused a valid message: ${JSON.stringify(message)}`).toBe(true);
      passed.set(message.type as string, (passed.get(message.type as string) ?? 0) + 1);
    }
    expect([...passed.keys()].sort()).toEqual([...types].sort());
  });

  it('never passes a mutated message that zod refuses or would change (20,000 mutations)', () => {
    const r = rng(20_261_202);
    let refusedByZod = 0;
    let fastPassed = 0;
    for (let i = 0; i < 20_000; i++) {
      const { value, how } = mutate(r, genMessage(r));
      const onWire = wire(JSON.stringify(value));
      try {
        const { fast, zod } = agrees(onWire);
        if (!zod) refusedByZod++;
        if (fast) fastPassed++;
      } catch (err) {
        throw new Error(`mutation #${i} (${how}): ${(err as Error).message}`);
      }
    }
    // The mutations must bite (most break a rule), and some harmless ones must still pass.
    expect(refusedByZod).toBeGreaterThan(12_000);
    expect(fastPassed).toBeGreaterThan(500);
  });

  it('treats hostile JSON texts the way zod does', () => {
    const base = JSON.stringify({ v: 1, src: 'g1', boot: 'b', seq: 1, ts: 2, type: 'flood.state', data: gen(rng(7), dataSpecs['flood.state']![0]!) });
    const texts = [
      base.replace('"seq":1', '"seq":1e999'),
      base.replace('"ts":2', '"ts":-0'),
      base.replace('"ts":2', '"ts":2.0'),
      base.replace('"ts":2', '"ts":9007199254740993'),
      base.replace('"seq":1', '"seq":1,"__proto__":{"admin":true}'),
      base.replace('"data":{', '"data":{"__proto__":[],'),
      base.replace('"levelM":', '"levelM":1e999,"x":'),
      base.replace('"v":1', '"v":1.0'),
      base.replace('"src":"g1"', '"src":"g1\\n"'),
      base.replace('"src":"g1"', '"src":"G1"'),
      base.replace('"src":"g1"', '"src":"g1","src":"x_"'),
      base.replace('"type":"flood.state"', '"type":"flood.state","type":"hb"'),
      JSON.stringify({ v: 1, src: 'g1', boot: 'b', seq: 1, ts: 2, type: 'event', data: { name: 'x', at: 1, offline: false } }),
      JSON.stringify({ v: 1, src: 'g1', boot: 'b', seq: 1, ts: 2, type: 'event', data: { name: 'x', at: 1, offline: false, detail: { __proto__: 1 } } }).replace('"detail":{}', '"detail":{"__proto__":1}'),
      JSON.stringify({ v: 1, src: 'g1', boot: 'b', seq: 1, ts: 2, type: 'event', data: { name: 'x', at: 1, offline: false, detail: { a: [1] } } }),
      JSON.stringify({ v: 1, src: 'g1', boot: 'b', seq: 1, ts: 2, type: 'event', data: { name: 'x', at: 1, offline: false, detail: { a: 1, b: 's', c: null, d: true } } }),
    ];
    const results = texts.map((text) => agrees(wire(text)));
    // The last one is valid and plain: the fast path takes it; the one without detail is zod's (default {}).
    expect(results.at(-1)).toEqual({ fast: true, zod: true });
    expect(results.at(-4)).toEqual({ fast: false, zod: true });
    expect(results[0]).toEqual({ fast: false, zod: false });
  });

  it('leaves refusals and their reasons to zod', () => {
    const bad = { v: 1, src: 'int-01', boot: 'b', seq: 1, ts: 2, type: 'hb', data: { intervalMs: 5, linkUp: true, outbox: 0 } };
    expect(() => checkTelemetry(bad)).toThrow(FieldDecodeError);
    expect(() => checkTelemetry(bad)).toThrow(/data\.intervalMs/);
    const good = { ...bad, data: { ...bad.data, intervalMs: 1000 } };
    expect(checkTelemetry(good)).toBe(good);
    // A message with an unknown key is accepted by zod, which strips it; the fast path steps aside.
    const extra = { ...good, note: 'x' };
    expect(conformsToTelemetryV1(extra)).toBe(false);
    expect(checkTelemetry(extra)).toEqual(good);
  });
});
