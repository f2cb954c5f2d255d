import { RpcError } from '../../../shared/contract/errors';
import type { AnalyticsStore } from '../../services/analytics-store/analytics-store';
import type { RetentionSettings } from '../../services/analytics-store/retention-settings';
import type { NgsiExportRequest } from '../../services/analytics-store/start-analytics';
import { NgsiExportError, type NgsiFileResult } from '../../services/sync/ngsi-ld-file';
import type { PartialHandlers } from '../types';
import { typed } from './analytics';

export interface AnalyticsAdminHandlerDeps {
  analytics: Pick<AnalyticsStore, 'health'>;
  retention: Pick<RetentionSettings, 'get' | 'set'>;
  exportNgsiLd(request: NgsiExportRequest): Promise<NgsiFileResult>;
}

type AdminMethod = 'stats.storage' | 'stats.retention.get' | 'stats.retention.set' | 'stats.exportNgsiLd';

/** Storage health, retention and the NGSI-LD export (permission and audit come from the contract). */
export function createAnalyticsAdminHandlers({ analytics, retention, exportNgsiLd }: AnalyticsAdminHandlerDeps): PartialHandlers<AdminMethod> {
  return {
    'stats.storage': () => analytics.health(),
    'stats.retention.get': () => retention.get(),
    'stats.retention.set': (policy) => typed(() => retention.set(policy)),
    'stats.exportNgsiLd': ({ range, types, form }) =>
      typed(async () => {
        try {
          return await exportNgsiLd({ from: new Date(range.from), to: new Date(range.to), types, form });
        } catch (err) {
          if (err instanceof NgsiExportError) throw new RpcError('CONFLICT', err.message, { code: err.code, problems: err.details });
          throw err;
        }
      }),
  };
}
