import { useEffect, useState } from 'react';
import { useT } from '../../i18n';
import { notifyError } from '../notify/notify-store';
import { AUDIT_PAGE, useAuditLog } from './audit-store';

export function AuditPanel() {
  const t = useT();
  const { entries, verification, error, load, verify: runVerify } = useAuditLog();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    // A verdict belongs to the moment it was asked for; a panel opened later asks again.
    useAuditLog.setState({ verification: null });
    void load();
  }, [load]);
  useEffect(() => {
    if (error) notifyError(t, error);
  }, [error, t]);

  const verify = async () => {
    setBusy(true);
    await runVerify();
    setBusy(false);
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
      {oldest !== undefined && oldest > 1 && entries.length % AUDIT_PAGE === 0 ? (
        <button type="button" onClick={() => void load(oldest)}>
          {t('audit.more')}
        </button>
      ) : null}
    </section>
  );
}
