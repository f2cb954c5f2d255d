import { useCallback, useEffect, useState } from 'react';
import type { AuditEntry, AuditVerification } from '../../../shared/domain/audit';
import { rpc } from '../../bridge';
import { useT } from '../../i18n';
import { notifyError } from '../notify/notify-store';

const PAGE = 100;

export function AuditPanel() {
  const t = useT();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    async (beforeSeq?: number) => {
      try {
        const { entries: page } = await rpc('audit.list', beforeSeq === undefined ? { limit: PAGE } : { limit: PAGE, beforeSeq });
        setEntries((prev) => (beforeSeq === undefined ? page : [...prev, ...page]));
      } catch (err) {
        notifyError(t, err);
      }
    },
    [t],
  );
  useEffect(() => void load(), [load]);

  const verify = async () => {
    setBusy(true);
    try {
      setVerification(await rpc('audit.verify', {}));
      await load();
    } catch (err) {
      notifyError(t, err);
    } finally {
      setBusy(false);
    }
  };

  const oldest = entries.at(-1)?.seq;
  return (
    <section className="panel" aria-labelledby="audit-title" data-testid="audit-panel">
      <h2 id="audit-title">{t('audit.title')}</h2>
      <p className="muted">{t('audit.intro')}</p>
      <div className="row">
        <button type="button" className="primary" onClick={() => void verify()} disabled={busy} data-testid="audit-verify">
          {t('audit.verify')}
        </button>
        {verification ? (
          <span role="status" data-testid="audit-verify-result" className={verification.ok ? 'badge ok' : 'badge danger'}>
            {verification.ok
              ? t('audit.verified', { count: verification.checked })
              : t('audit.broken', { seq: verification.firstBadSeq ?? '?', reason: verification.reason ?? '' })}
          </span>
        ) : null}
      </div>
      <table className="table audit-table">
        <thead>
          <tr>
            <th>#</th>
            <th>{t('audit.when')}</th>
            <th>{t('audit.actor')}</th>
            <th>{t('audit.action')}</th>
            <th>{t('audit.args')}</th>
            <th>{t('audit.result')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq} data-testid="audit-row" className={e.result === 'ok' ? '' : 'row-error'}>
              <td>{e.seq}</td>
              <td>{new Date(e.at).toLocaleString()}</td>
              <td>{e.actor}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>
                <code className="args">{JSON.stringify(e.args)}</code>
              </td>
              <td>{e.result}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {oldest !== undefined && oldest > 1 && entries.length % PAGE === 0 ? (
        <button type="button" onClick={() => void load(oldest)}>
          {t('audit.more')}
        </button>
      ) : null}
    </section>
  );
}
