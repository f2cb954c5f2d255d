import type { CityAssets } from '../../../shared/domain/city';
import type { Disposable } from '../../../shared/lib/lifecycle';
import { silentLogger, type Logger } from '../log/logger';
import type { AnalyticsStore } from './analytics-store';
import { DEMO_STEP_MS, demoEvents } from './demo-history';

export interface DemoFeedOptions {
  analytics: AnalyticsStore;
  assets: CityAssets;
  /** How much history a fresh database gets (default 35 days: a month and its previous period's tail). */
  historyDays?: number;
  now?: () => number;
  log?: Logger;
  /** Called after each step is stored and rolled up. */
  onStep?: () => void;
}

/**
 * Feeds the demo city's measurements: first the missing history up to now (so a fresh console
 * opens on a month of data), then one step every five minutes. Picks up where the database
 * ends, so a restart adds neither gaps nor duplicates.
 */
export class DemoAnalyticsFeed implements Disposable {
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;
  private readonly now: () => number;
  private readonly log: Logger;

  constructor(private readonly options: DemoFeedOptions) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? silentLogger;
  }

  async start(lastTsMs: number | null): Promise<void> {
    const historyMs = (this.options.historyDays ?? 35) * 86_400_000;
    const end = this.now();
    let from = lastTsMs === null ? end - historyMs : lastTsMs + 1;
    from = Math.max(from, end - historyMs);
    // A day at a time keeps each appender batch (and memory) modest.
    for (let t = from; t < end && !this.disposed; t += 86_400_000) {
      await this.options.analytics.appendEvents(demoEvents(this.options.assets, t, Math.min(end, t + 86_400_000)));
      // Rolling up day by day keeps each transaction short, so the console's other work interleaves.
      await this.options.analytics.refreshRollups();
    }
    await this.options.analytics.refreshRollups();
    this.options.onStep?.();
    let cursor = end;
    const tick = async () => {
      const now = this.now();
      const events = demoEvents(this.options.assets, cursor, now);
      cursor = now;
      if (events.length) await this.options.analytics.appendEvents(events);
      await this.options.analytics.refreshRollups();
      this.options.onStep?.();
    };
    if (!this.disposed) {
      this.timer = setInterval(() => tick().catch((err: unknown) => this.log.error('demo analytics step failed', { err })), Math.min(DEMO_STEP_MS, 60_000));
      this.timer.unref();
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearInterval(this.timer);
  }
}
