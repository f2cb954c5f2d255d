import type { PhaseTiming } from './field-signals';

/**
 * Signal timing arithmetic, pure so the console, the simulator and the tests agree on it:
 * Webster's split for adaptive timing and offsets for a green wave.
 */
export interface SplitInput {
  phases: readonly Pick<PhaseTiming, 'yellowS' | 'allRedS' | 'minGreenS' | 'maxGreenS'>[];
  /** Demand per phase, vehicles per hour (critical lane group). */
  flowsVehH: readonly number[];
  /** A common cycle imposed by coordination; omitted, Webster's optimum is used. */
  cycleS?: number;
  saturationVehH?: number;
  minCycleS?: number;
  maxCycleS?: number;
}

export interface SplitResult {
  cycleS: number;
  greenS: number[];
  /** Degree of saturation of the busiest phase (flow / capacity); above 1 queues grow. */
  saturation: number;
}

const MAX_FLOW_RATIO = 0.95;

export function websterSplit(input: SplitInput): SplitResult {
  const { phases, flowsVehH } = input;
  if (phases.length !== flowsVehH.length) throw new RangeError(`${phases.length} phases but ${flowsVehH.length} flows`);
  const s = input.saturationVehH ?? 1800;
  const minCycle = input.minCycleS ?? 40;
  const maxCycle = input.maxCycleS ?? 150;
  const lost = phases.reduce((sum, p) => sum + p.yellowS + p.allRedS, 0);
  const ratios = flowsVehH.map((q) => Math.min(Math.max(q, 0) / s, MAX_FLOW_RATIO));
  const total = ratios.reduce((a, b) => a + b, 0);
  const minimumCycle = lost + phases.reduce((sum, p) => sum + p.minGreenS, 0);

  // A coordinated cycle is kept as given (only raised if the minimum greens cannot fit in it).
  const optimum = total < MAX_FLOW_RATIO ? (1.5 * lost + 5) / (1 - total) : maxCycle;
  const wanted = input.cycleS ?? clamp(optimum, minCycle, maxCycle);
  const cycle = Math.round(Math.max(minimumCycle, wanted));

  const effective = cycle - lost;
  const shares = total > 0 ? ratios.map((y) => y / total) : phases.map(() => 1 / phases.length);
  const greens = distribute(effective, shares, phases);
  const saturation = Math.max(0, ...flowsVehH.map((q, i) => (Math.max(q, 0) * cycle) / (s * greens[i]!)));
  return { cycleS: cycle, greenS: greens, saturation: Math.round(saturation * 100) / 100 };
}

/** Whole seconds that sum exactly to `total`, near the shares and within each phase's bounds where possible. */
function distribute(total: number, shares: readonly number[], phases: SplitInput['phases']): number[] {
  const greens = shares.map((share, i) => clamp(Math.round(total * share), phases[i]!.minGreenS, phases[i]!.maxGreenS));
  // Bounded: each pass moves one second towards the total, and the gap is at most `total`.
  for (let guard = 0; guard < total + 200; guard++) {
    const diff = total - greens.reduce((a, b) => a + b, 0);
    if (diff === 0) break;
    const step = Math.sign(diff);
    const candidates = greens
      .map((g, i) => ({ i, room: step > 0 ? phases[i]!.maxGreenS - g : g - phases[i]!.minGreenS, want: total * shares[i]! - g }))
      .filter((c) => c.room > 0)
      .sort((a, b) => step * (b.want - a.want));
    // Every phase at its bound: the cycle cannot be honoured inside the bounds, so stretch the biggest demand.
    const pick = candidates[0]?.i ?? shares.indexOf(Math.max(...shares));
    greens[pick] = Math.max(1, greens[pick]! + step);
  }
  return greens;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

const EARTH_RADIUS_M = 6_371_000;

export function distanceM(a: readonly [number, number], b: readonly [number, number]): number {
  const toRad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * toRad;
  const dLng = (b[0] - a[0]) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * toRad) * Math.cos(b[1] * toRad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}

/**
 * Offsets for a one-way green wave: a platoon leaving the first intersection at the start of
 * its green meets the start of green at each next one, travelling at `speedKmh`.
 */
export function greenWaveOffsets(positions: readonly (readonly [number, number])[], speedKmh: number, cycleS: number): number[] {
  if (!(speedKmh > 0)) throw new RangeError('speed must be positive');
  const speedMs = speedKmh / 3.6;
  let travelled = 0;
  return positions.map((p, i) => {
    if (i > 0) travelled += distanceM(positions[i - 1]!, p);
    return Math.round(travelled / speedMs) % cycleS;
  });
}
