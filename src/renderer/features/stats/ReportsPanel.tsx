import { useCallback, useEffect, useState } from 'react';
import { rpc } from '../../bridge';
import { useLanguage, useT } from '../../i18n';
import { useCan } from '../auth/use-permission';
import { notifyError } from '../notify/notify-store';
import { notifyStatsError } from './storage-health';
import type { ReportFormat, ReportPeriod, ReportRecord } from '../../../shared/domain/analytics-reports';
import { base64ToBlob, saveBlob } from './save-blob';

/** Báo cáo: create periodic or on-demand reports (PDF, XLSX, CSV) and download stored ones. */
export function ReportsPanel({ range, revision }: { range: { from: string; to: string }; revision: number }) {
  const t = useT();
  const language = useLanguage((s) => s.language);
  const canCreate = useCan('stats.export');
  const [reports, setReports] = useState<ReportRecord[]>([]);
  const [period, setPeriod] = useState<ReportPeriod>('monthly');
  const [formatChoice, setFormat] = useState<ReportFormat>('pdf');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');

  const load = useCallback(() => {
    rpc('reports.list', {}).then(setReports, (err: unknown) => notifyError(t, err));
  }, [t]);
  useEffect(load, [load, revision]);

  const create = async () => {
    setBusy(true);
    try {
      const r = await rpc('reports.create', { period, format: formatChoice, language, range: period === 'adhoc' ? range : undefined });
      setMessage(t('stats.report.created', { name: r.fileName }));
      load();
    } catch (err) {
      notifyStatsError(t, err);
    } finally {
      setBusy(false);
    }
  };
  const download = async (id: string) => {
    try {
      const file = await rpc('reports.download', { id });
      saveBlob(base64ToBlob(file.base64, file.mime), file.name);
    } catch (err) {
      notifyError(t, err);
    }
  };

  return (
    <section className="stats-card stats-wide" aria-label={t('stats.reports')} data-testid="reports">
      <h2>{t('stats.reports')}</h2>
      {canCreate && (
        <div className="stats-row">
          <label>
            {t('stats.report.period')}{' '}
            <select value={period} onChange={(e) => setPeriod(e.target.value as ReportPeriod)} data-testid="report-period">
              {(['daily', 'weekly', 'monthly', 'adhoc'] as const).map((p) => (
                <option key={p} value={p}>
                  {t(`stats.report.${p}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('stats.report.format')}{' '}
            <select value={formatChoice} onChange={(e) => setFormat(e.target.value as ReportFormat)} data-testid="report-format">
              <option value="pdf">PDF</option>
              <option value="xlsx">XLSX</option>
              <option value="csv">CSV</option>
            </select>
          </label>
          <button type="button" disabled={busy} onClick={() => void create()} data-testid="report-create">
            {t('stats.report.create')}
          </button>
          <span role="status">{message}</span>
        </div>
      )}
      {reports.length === 0 ? (
        <p className="stats-muted">{t('stats.report.none')}</p>
      ) : (
        <table className="stats-table">
          <thead>
            <tr>
              <th>{t('stats.report.period')}</th>
              <th>{t('stats.range')}</th>
              <th>{t('stats.report.format')}</th>
              <th>{t('stats.report.by')}</th>
              <th>{t('stats.report.at')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {reports.map((r) => (
              <tr key={r.id} data-testid="report-row">
                <td>{t(`stats.report.${r.period}`)}</td>
                <td>
                  {new Date(r.from).toLocaleDateString(language)} – {new Date(Date.parse(r.to) - 1).toLocaleDateString(language)}
                </td>
                <td>{r.format.toUpperCase()}</td>
                <td>{r.createdBy}</td>
                <td>{new Date(r.createdAt).toLocaleString(language)}</td>
                <td>
                  <button type="button" onClick={() => void download(r.id)}>
                    {t('stats.report.download')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
