import { join } from 'node:path';
import { RpcError } from '../../../shared/contract/errors';
import { grainFor, panels, type PanelId } from '../../../shared/domain/analytics-panels';
import { AnalyticsError, type AnalyticsStore } from '../../services/analytics-store/analytics-store';
import { readKpis, readPanel } from '../../services/analytics-store/dashboard';
import { ReportError, type ReportService } from '../../services/reports/report-service';
import { SyncError, type SyncService } from '../../services/sync/sync-service';
import type { CallerContext, PartialHandlers } from '../types';

export interface AnalyticsHandlerDeps {
  analytics: AnalyticsStore;
  reports: ReportService;
  sync: SyncService;
  /** Parquet exports are written here (the data folder's exports/). */
  exportDir: string;
  auth: { current(sessionId: string): { operator: { username: string } | null } };
}

type AnalyticsMethod =
  | 'stats.kpis'
  | 'stats.panel'
  | 'stats.exportParquet'
  | 'reports.list'
  | 'reports.create'
  | 'reports.download'
  | 'sync.status'
  | 'sync.configure';

/** Service errors a caller can act on become typed RPC errors; anything else stays internal. */
export async function typed<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    // A full disk is the station's state, not the caller's mistake: UNAVAILABLE, with the code the renderer words.
    if ((err instanceof AnalyticsError || err instanceof ReportError) && err.code === 'DISK_FULL') throw new RpcError('UNAVAILABLE', err.message, { code: 'DISK_FULL' });
    if (err instanceof AnalyticsError) throw new RpcError('INVALID_ARGUMENT', err.message, { code: err.code });
    if (err instanceof ReportError) throw new RpcError(err.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'INVALID_ARGUMENT', err.message);
    if (err instanceof SyncError) throw new RpcError('INVALID_ARGUMENT', err.message);
    throw err;
  }
}

const range = (r: { from: string; to: string }) => ({ from: new Date(r.from), to: new Date(r.to) });

export function createAnalyticsHandlers({ analytics, reports, sync, exportDir, auth }: AnalyticsHandlerDeps): PartialHandlers<AnalyticsMethod> {
  const username = (caller: CallerContext) => auth.current(caller.sessionId).operator?.username ?? 'unknown';
  return {
    'stats.kpis': (r) => typed(() => readKpis(analytics, new Date(r.from), new Date(r.to))),
    'stats.panel': ({ panel, range: r, source }) =>
      typed(async () => {
        const { from, to } = range(r);
        const id = panel as PanelId;
        if (!(id in panels)) throw new RpcError('INVALID_ARGUMENT', `no panel ${panel}`);
        const grain = grainFor(from.getTime(), to.getTime());
        const span = to.getTime() - from.getTime();
        const [points, previous] = await Promise.all([
          readPanel(analytics, id, grain, from, to, source),
          readPanel(analytics, id, grain, new Date(from.getTime() - span), from, source),
        ]);
        return { grain, points, previous };
      }),
    'stats.exportParquet': ({ table, range: r, kinds }) =>
      typed(() => {
        const { from, to } = range(r);
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        return analytics.exportParquet({ table, from, to, kinds, path: join(exportDir, `ioc-${table}-${stamp}.parquet`) });
      }),
    'reports.list': () => reports.list(),
    'reports.create': (p, caller) =>
      typed(() =>
        reports.create({
          period: p.period,
          format: p.format,
          language: p.language,
          range: p.range ? range(p.range) : undefined,
          at: p.at ? new Date(p.at) : undefined,
          createdBy: username(caller),
        }),
      ),
    'reports.download': ({ id }) =>
      typed(async () => {
        const file = await reports.read(id);
        return { name: file.name, mime: file.mime, base64: file.bytes.toString('base64') };
      }),
    'sync.status': () => sync.status(),
    'sync.configure': ({ settings, password }) => typed(() => sync.configure(settings, password)),
  };
}
