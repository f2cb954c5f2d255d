import { useT } from '../../i18n';
import { useStorageHealth } from './storage-health';

/**
 * Says, in the operator's language, that analytics data cannot be written (a full disk): how many
 * events wait in memory and how many were lost. Shown in the status bar and on Thống kê; nothing
 * while writes succeed.
 */
export function StorageAlert({ compact = false }: { compact?: boolean }) {
  const t = useT();
  const health = useStorageHealth();
  if (!health || health.state === 'ok') return null;
  const vars = { pending: health.pendingRows, max: health.maxPendingRows, lost: health.overflowRows };
  const title = t(health.state === 'diskFull' ? 'stats.storage.diskFull' : 'stats.storage.failing');
  if (compact) {
    return (
      <strong className="chip chip-down" role="alert" title={health.lastError ?? ''} data-testid="storage-alert">
        {title} · {t('stats.storage.queued', vars)}
      </strong>
    );
  }
  return (
    <p className="notice stats-storage-alert" role="alert" data-testid="storage-alert-page">
      <strong>{title}</strong> {t('stats.storage.queued', vars)}
      {health.overflowRows > 0 ? ` ${t('stats.storage.lost', vars)}` : ''} {health.state === 'diskFull' ? t('stats.storage.advice') : ''}
      {health.lastError && <span className="stats-muted"> ({health.lastError})</span>}
    </p>
  );
}
