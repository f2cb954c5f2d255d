export interface TileCacheLimits {
  maxEntries: number;
  maxBytes: number;
}

/**
 * Least-recently-used tiles, bounded by count and by bytes. Misses are cached too (as null):
 * a map pans over empty tiles far more often than over full ones.
 */
export class TileCache {
  private readonly entries = new Map<string, Uint8Array | null>();
  private bytes = 0;

  constructor(private readonly limits: TileCacheLimits) {}

  static key(z: number, x: number, y: number): string {
    return `${z}/${x}/${y}`;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The tile (or null for a known miss); undefined when not cached. */
  get(key: string): Uint8Array | null | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key)!;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: Uint8Array | null): void {
    const size = value?.byteLength ?? 0;
    if (size > this.limits.maxBytes) return;
    this.delete(key);
    this.entries.set(key, value);
    this.bytes += size;
    for (const [oldest, old] of this.entries) {
      if (this.entries.size <= this.limits.maxEntries && this.bytes <= this.limits.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= old?.byteLength ?? 0;
    }
  }

  delete(key: string): void {
    if (!this.entries.has(key)) return;
    this.bytes -= this.entries.get(key)?.byteLength ?? 0;
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get byteSize(): number {
    return this.bytes;
  }
}
