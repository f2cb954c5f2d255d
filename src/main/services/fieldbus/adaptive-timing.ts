import type { SignalState, TimingRecommendation, VehicleCounts } from '../../../shared/domain/field-signals';
import { websterSplit } from '../../../shared/domain/field-timing';

/**
 * Adaptive timing in the console: vehicle counts (from the controllers' loops, the simulator or
 * the camera analytics) are smoothed per phase and turned into Webster splits on the
 * intersection's current cycle, so coordination along the route survives. One count period
 * (15 s) is enough for a new recommendation, well inside one cycle.
 */
export class AdaptiveTiming {
  private readonly flows = new Map<string, number[]>();
  private readonly recommendations = new Map<string, TimingRecommendation>();
  private readonly changed = new Set<string>();

  constructor(private readonly smoothing = 0.5) {}

  ingest(counts: VehicleCounts, signal: SignalState | undefined, now: number): TimingRecommendation | null {
    if (!signal || counts.perPhase.length !== signal.plan.phases.length) return null;
    const measured = counts.perPhase.map((n) => (n * 3600) / counts.periodS);
    const previous = this.flows.get(counts.intersectionId);
    const flows = previous && previous.length === measured.length ? measured.map((q, i) => this.smoothing * q + (1 - this.smoothing) * previous[i]!) : measured;
    this.flows.set(counts.intersectionId, flows);
    const split = websterSplit({ phases: signal.plan.phases, flowsVehH: flows, cycleS: signal.cycleS });
    const recommendation: TimingRecommendation = {
      intersectionId: counts.intersectionId,
      cycleS: split.cycleS,
      greenS: split.greenS,
      flowsVehH: flows.map((q) => Math.round(q)),
      saturation: split.saturation,
      computedAt: now,
      appliedAt: matches(signal, split.greenS) ? now : null,
    };
    this.recommendations.set(counts.intersectionId, recommendation);
    this.changed.add(counts.intersectionId);
    return recommendation;
  }

  /** Marks a recommendation applied once the controller reports running it. */
  observe(intersectionId: string, signal: SignalState, now: number): void {
    const r = this.recommendations.get(intersectionId);
    if (r && r.appliedAt === null && matches(signal, r.greenS)) {
      this.recommendations.set(intersectionId, { ...r, appliedAt: now });
      this.changed.add(intersectionId);
    }
  }

  get(intersectionId: string): TimingRecommendation | undefined {
    return this.recommendations.get(intersectionId);
  }

  list(): TimingRecommendation[] {
    return [...this.recommendations.values()];
  }

  takeChanged(): TimingRecommendation[] {
    const out = [...this.changed].map((id) => this.recommendations.get(id)!);
    this.changed.clear();
    return out;
  }
}

/** Whether the controller already runs these greens (to the second). */
export function matches(signal: SignalState, greenS: readonly number[]): boolean {
  return signal.plan.phases.length === greenS.length && signal.plan.phases.every((p, i) => p.greenS === greenS[i]);
}

/** Worth sending: some phase would change by at least `minChangeS` seconds. */
export function differsEnough(signal: SignalState, greenS: readonly number[], minChangeS = 2): boolean {
  return signal.plan.phases.some((p, i) => Math.abs(p.greenS - (greenS[i] ?? p.greenS)) >= minChangeS);
}
