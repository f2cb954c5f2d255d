import { defaultRetention, retentionPolicySchema, retentionSchema, type Retention } from '../../../shared/domain/analytics';
import type { SettingsService } from '../settings/settings-service';
import { AnalyticsError } from './analytics-store';

export const RETENTION_KEY = 'analytics.retention';

/**
 * How long each analytics table keeps its rows, as a supervisor sets it in Thống kê. Stored in the
 * station settings; the hourly trim reads it each time, so a change applies at the next trim.
 */
export class RetentionSettings {
  constructor(private readonly settings: Pick<SettingsService, 'get' | 'set'>) {}

  get(): Promise<Retention> {
    return this.settings.get(RETENTION_KEY, retentionSchema, defaultRetention);
  }

  /** Validated here as well as at the contract: the service is the one that must never store nonsense. */
  async set(next: Retention): Promise<Retention> {
    const parsed = retentionPolicySchema.safeParse(next);
    if (!parsed.success) {
      throw new AnalyticsError('BAD_QUERY', `retention refused: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    await this.settings.set(RETENTION_KEY, parsed.data);
    return parsed.data;
  }
}
