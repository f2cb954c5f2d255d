/**
 * Per-controller sequence numbers: a gap means messages were published but never arrived
 * (dropped at a high-water mark, or lost with a connection); a step back within one boot
 * means a duplicate or reordering. Either way it is counted, never silent.
 */
export class SequenceTracker {
  lost = 0;
  duplicates = 0;
  private readonly last = new Map<string, { boot: string; seq: number }>();

  /** Returns false for a message already seen (the caller may ignore it). */
  observe(src: string, boot: string, seq: number): boolean {
    const previous = this.last.get(src);
    if (!previous || previous.boot !== boot) {
      // A new controller, or one that restarted: its numbering starts again.
      this.last.set(src, { boot, seq });
      return true;
    }
    if (seq <= previous.seq) {
      this.duplicates++;
      return false;
    }
    this.lost += seq - previous.seq - 1;
    previous.seq = seq;
    return true;
  }

  forget(src: string): void {
    this.last.delete(src);
  }
}
