import type { Disposable } from '../../shared/lib/lifecycle';

/**
 * Runs the latest action per key once things are quiet for `delayMs` (window moves arrive many
 * times a second). `flush` runs whatever is pending right away.
 */
export class KeyedDebounce implements Disposable {
  private readonly pending = new Map<string, { timer: ReturnType<typeof setTimeout>; run: () => void }>();

  constructor(private readonly delayMs: number) {}

  schedule(key: string, run: () => void): void {
    const previous = this.pending.get(key);
    if (previous) clearTimeout(previous.timer);
    const timer = setTimeout(() => this.fire(key), this.delayMs);
    this.pending.set(key, { timer, run });
  }

  flush(key?: string): void {
    for (const k of key === undefined ? [...this.pending.keys()] : [key]) this.fire(k);
  }

  cancel(key: string): void {
    const entry = this.pending.get(key);
    if (entry) clearTimeout(entry.timer);
    this.pending.delete(key);
  }

  get size(): number {
    return this.pending.size;
  }

  dispose(): void {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private fire(key: string): void {
    const entry = this.pending.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(key);
    entry.run();
  }
}
