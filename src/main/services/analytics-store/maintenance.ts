import type { Retention } from '../../../shared/domain/analytics';
import type { Disposable } from '../../../shared/lib/lifecycle';
import { silentLogger, type Logger } from '../log/logger';
import type { AnalyticsStore } from './analytics-store';

export interface MaintenanceOptions {
  analytics: AnalyticsStore;
  retention: () => Promise<Retention>;
  /** The lowest event number still owed to the province (Number.MAX_SAFE_INTEGER when sync is off). */
  pinnedSeq: () => number;
  onRefreshed?: (events: number) => void;
  refreshMs?: number;
  retentionMs?: number;
  now?: () => Date;
  log?: Logger;
}

/** Keeps rollups fresh every few seconds and trims old data once an hour. */
export class AnalyticsMaintenance implements Disposable {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly log: Logger;

  constructor(private readonly options: MaintenanceOptions) {
    this.log = options.log ?? silentLogger;
    const every = (ms: number, fn: () => Promise<void>) => {
      const t = setInterval(() => fn().catch((err: unknown) => this.log.error('analytics maintenance failed', { err })), ms);
      t.unref();
      this.timers.push(t);
    };
    every(options.refreshMs ?? 5_000, () => this.refresh());
    every(options.retentionMs ?? 3_600_000, () => this.trim().then(() => undefined));
  }

  async refresh(): Promise<void> {
    const { events } = await this.options.analytics.refreshRollups();
    if (events) this.options.onRefreshed?.(events);
  }

  async trim() {
    const result = await this.options.analytics.applyRetention((this.options.now ?? (() => new Date()))(), await this.options.retention(), this.options.pinnedSeq());
    this.log.info('analytics retention applied', { ...result });
    return result;
  }

  dispose(): void {
    for (const t of this.timers) clearInterval(t);
  }
}
