export interface LoginThrottleOptions {
  clock: () => Date;
  /** Failures allowed inside the window before the account name is locked out. */
  maxFailures?: number;
  windowMs?: number;
  /** First lockout; each further failure doubles it, up to maxLockMs. */
  baseLockMs?: number;
  maxLockMs?: number;
  /** Names tracked at most; guards memory against a flood of made-up usernames. */
  maxEntries?: number;
}

interface Entry {
  failures: number[];
  lockedUntil: number;
}

/**
 * Online-guessing brake per username (known or not, so it reveals nothing): after
 * `maxFailures` failures inside the window, attempts are refused for 30 s, then 60 s, 120 s…
 */
export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly baseLockMs: number;
  private readonly maxLockMs: number;
  private readonly maxEntries: number;

  constructor(private readonly options: LoginThrottleOptions) {
    this.maxFailures = options.maxFailures ?? 5;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.baseLockMs = options.baseLockMs ?? 30_000;
    this.maxLockMs = options.maxLockMs ?? 15 * 60_000;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  /** Milliseconds until `key` may try again; 0 when it may try now. */
  retryAfterMs(key: string): number {
    const entry = this.entries.get(key);
    if (!entry) return 0;
    return Math.max(0, entry.lockedUntil - this.now());
  }

  recordFailure(key: string): void {
    const now = this.now();
    const entry = this.entries.get(key) ?? { failures: [], lockedUntil: 0 };
    entry.failures = entry.failures.filter((t) => now - t < this.windowMs);
    entry.failures.push(now);
    const excess = entry.failures.length - this.maxFailures;
    if (excess >= 0) entry.lockedUntil = now + Math.min(this.maxLockMs, this.baseLockMs * 2 ** excess);
    this.entries.delete(key);
    this.entries.set(key, entry); // most recently failed last, for eviction order
    this.evict(now);
  }

  recordSuccess(key: string): void {
    this.entries.delete(key);
  }

  private evict(now: number): void {
    if (this.entries.size <= this.maxEntries) return;
    for (const [key, entry] of this.entries) {
      if (entry.lockedUntil <= now && entry.failures.every((t) => now - t >= this.windowMs)) this.entries.delete(key);
    }
    // Then the oldest names not locked out, so a flood cannot wash out a real lockout…
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries) return;
      if (entry.lockedUntil <= now) this.entries.delete(key);
    }
    // …and only if every entry is locked, the oldest lockouts.
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) return;
      this.entries.delete(key);
    }
  }

  private now(): number {
    return this.options.clock().getTime();
  }
}
