import type { ReplyMessage } from '../../shared/domain/field-protocol';

/**
 * Commands a controller has already seen, by id, with the answer it gave. A retried command
 * gets that answer again instead of running twice. Bounded in count and age.
 */
export class IdempotencyCache {
  private readonly entries = new Map<string, { reply: ReplyMessage; at: number }>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly ttlMs = 15 * 60_000,
  ) {}

  get(id: string, now: number): ReplyMessage | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (now - entry.at > this.ttlMs) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.reply;
  }

  remember(id: string, reply: ReplyMessage, now: number): void {
    this.entries.delete(id);
    this.entries.set(id, { reply, at: now });
    // Map keeps insertion order: the first key is the oldest.
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}
