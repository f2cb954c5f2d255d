import { useState } from 'react';
import { ngsiEntityTypes, type NgsiEntityType, type TimeRange } from '../../../shared/domain/analytics';
import { rpc } from '../../bridge';
import { useT } from '../../i18n';
import { useCan } from '../auth/use-permission';
import { notifyStatsError } from './storage-health';

/** Exports the range as FIWARE / NGSI-LD entities (validated in the main process) into the data folder's exports/. */
export function NgsiExportPanel({ range }: { range: TimeRange }) {
  const t = useT();
  const canExport = useCan('stats.export');
  const [types, setTypes] = useState<NgsiEntityType[]>([...ngsiEntityTypes]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  if (!canExport) return null;
  const run = async () => {
    setBusy(true);
    setDone('');
    try {
      const r = await rpc('stats.exportNgsiLd', { range, types, form: 'normalized' });
      setDone(t('stats.ngsi.done', { entities: r.entities, path: r.path }));
    } catch (err) {
      notifyStatsError(t, err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="stats-card stats-wide" aria-labelledby="ngsi-title" data-testid="ngsi-export">
      <h2 id="ngsi-title">{t('stats.ngsi')}</h2>
      <p className="stats-hint">{t('stats.ngsi.hint')}</p>
      <div className="stats-form">
        <fieldset>
          <legend>{t('stats.ngsi.types')}</legend>
          {ngsiEntityTypes.map((type) => (
            <label key={type} className="stats-check">
              <input type="checkbox" checked={types.includes(type)} onChange={(e) => setTypes(e.target.checked ? [...types, type] : types.filter((x) => x !== type))} /> {type}
            </label>
          ))}
        </fieldset>
        <button type="button" disabled={busy || types.length === 0} onClick={() => void run()} data-testid="ngsi-export-run">
          {t('stats.ngsi.export')}
        </button>
      </div>
      <p role="status" data-testid="ngsi-export-result">
        {done}
      </p>
    </section>
  );
}
