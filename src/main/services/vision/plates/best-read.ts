import type { PlateReadResult } from '../../../../shared/domain/plates';

/**
 * Keeps the best plate read per tracked vehicle while it is in view: a valid read beats an
 * invalid one, then the higher confidence wins. The pipeline offers every read of a track and
 * takes the best once the track ends (or goes stale), so history stores one read per vehicle.
 */
export class BestPlateReads<Extra = unknown> {
  private readonly best = new Map<string, { read: PlateReadResult; extra: Extra; lastSeenMs: number }>();

  constructor(private readonly maxTracks = 1000) {}

  offer(trackId: string, read: PlateReadResult, extra: Extra, nowMs: number): void {
    const cur = this.best.get(trackId);
    if (cur) cur.lastSeenMs = nowMs;
    if (!cur || better(read, cur.read)) this.best.set(trackId, { read, extra, lastSeenMs: nowMs });
    // Bounded: a flood of tracks drops the stalest rather than growing without end.
    if (this.best.size > this.maxTracks) {
      const oldest = [...this.best.entries()].sort((a, b) => a[1].lastSeenMs - b[1].lastSeenMs)[0];
      if (oldest) this.best.delete(oldest[0]);
    }
  }

  /** The best read of a track that ended, removed from the keeper. */
  take(trackId: string): { read: PlateReadResult; extra: Extra } | null {
    const cur = this.best.get(trackId);
    this.best.delete(trackId);
    return cur ? { read: cur.read, extra: cur.extra } : null;
  }

  /** Tracks not seen for `staleMs`: their best reads, removed. */
  takeStale(nowMs: number, staleMs: number): Array<{ trackId: string; read: PlateReadResult; extra: Extra }> {
    const out: Array<{ trackId: string; read: PlateReadResult; extra: Extra }> = [];
    for (const [trackId, v] of this.best) {
      if (nowMs - v.lastSeenMs >= staleMs) out.push({ trackId, read: v.read, extra: v.extra });
    }
    for (const o of out) this.best.delete(o.trackId);
    return out;
  }

  get size(): number {
    return this.best.size;
  }
}

function better(a: PlateReadResult, b: PlateReadResult): boolean {
  if (a.valid !== b.valid) return a.valid;
  return a.confidence > b.confidence;
}
