import { useEffect, useState } from 'react';
import { onEvent, rpc } from '../../bridge';
import { useT } from '../../i18n';
import { useCan } from '../auth/use-permission';
import { notifyError } from '../notify/notify-store';
import { syncStreams, type SyncSettings, type SyncStatus } from '../../../shared/domain/analytics';

/** Province sync: its state and backlog for everyone, its settings for admins. */
export function SyncPanel() {
  const t = useT();
  const canManage = useCan('sync.manage');
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [draft, setDraft] = useState<SyncSettings | null>(null);
  const [password, setPassword] = useState('');

  useEffect(() => {
    rpc('sync.status', {}).then(
      (s) => {
        setStatus(s);
        setDraft(s.settings);
      },
      (err: unknown) => notifyError(t, err),
    );
    return onEvent('sync.status', setStatus);
  }, [t]);

  const save = async () => {
    if (!draft) return;
    try {
      const s = await rpc('sync.configure', { settings: draft, password: password || undefined });
      setStatus(s);
      setPassword('');
    } catch (err) {
      notifyError(t, err);
    }
  };
  if (!status || !draft) return null;
  const set = <K extends keyof SyncSettings>(key: K, value: SyncSettings[K]) => setDraft({ ...draft, [key]: value });
  return (
    <section className="stats-card stats-wide" aria-label={t('stats.sync')} data-testid="sync">
      <h2>{t('stats.sync')}</h2>
      <p data-testid="sync-state">
        <strong>{t(`stats.sync.state.${status.state}`)}</strong> · {t('stats.sync.pending', { rows: status.pendingRows, lag: status.lagSeconds, shipped: status.shippedRows })}
        {status.lastError && <span className="stats-muted"> · {status.lastError}</span>}
      </p>
      {canManage && (
        <div className="stats-form">
          <label className="stats-check">
            <input type="checkbox" checked={draft.enabled} onChange={(e) => set('enabled', e.target.checked)} /> {t('stats.sync.enabled')}
          </label>
          <label>
            {t('stats.sync.host')} <input value={draft.host} onChange={(e) => set('host', e.target.value)} />
          </label>
          <label>
            {t('stats.sync.port')} <input type="number" value={draft.port} onChange={(e) => set('port', Number(e.target.value))} />
          </label>
          <label>
            {t('stats.sync.database')} <input value={draft.database} onChange={(e) => set('database', e.target.value)} />
          </label>
          <label>
            {t('stats.sync.user')} <input value={draft.user} onChange={(e) => set('user', e.target.value)} />
          </label>
          <label>
            {t('stats.sync.password')} <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          </label>
          <fieldset>
            <legend>{t('stats.sync.streams')}</legend>
            {syncStreams.map((s) => (
              <label key={s} className="stats-check">
                <input
                  type="checkbox"
                  checked={draft.streams.includes(s)}
                  onChange={(e) => set('streams', e.target.checked ? [...draft.streams, s] : draft.streams.filter((x) => x !== s))}
                />{' '}
                {s}
              </label>
            ))}
          </fieldset>
          <button type="button" onClick={() => void save()}>
            {t('stats.sync.save')}
          </button>
        </div>
      )}
    </section>
  );
}
