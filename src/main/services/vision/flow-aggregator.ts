import type { VehicleCounts } from '../../../shared/domain/field-signals';
import type { LineCrossing } from './counting';

/**
 * Sums vehicle crossings per signal phase over the configured period and hands the bus one
 * `count.vehicles` message per period (docs/bus-protocol.md, topic `count.<intersectionId>`),
 * the same shape the loop detectors send, so adaptive timing needs no special case.
 */
export class FlowAggregator {
  private perPhase: number[];
  private periodStart: number;

  constructor(
    private readonly flow: { intersectionId: string; periodS: number; phases: number },
    start: number,
  ) {
    this.perPhase = new Array<number>(flow.phases).fill(0);
    this.periodStart = start;
  }

  add(crossings: readonly LineCrossing[]): void {
    for (const c of crossings) {
      if (c.cls === 'person' || c.phase === undefined || c.phase >= this.perPhase.length) continue;
      this.perPhase[c.phase]!++;
    }
  }

  /** A finished period's counts, or null while the period runs. Missed periods are not invented. */
  tick(now: number): VehicleCounts | null {
    if (now - this.periodStart < this.flow.periodS * 1000) return null;
    const out: VehicleCounts = { intersectionId: this.flow.intersectionId, periodS: this.flow.periodS, perPhase: this.perPhase, source: 'camera' };
    this.perPhase = new Array<number>(this.flow.phases).fill(0);
    this.periodStart = now;
    return out;
  }
}
