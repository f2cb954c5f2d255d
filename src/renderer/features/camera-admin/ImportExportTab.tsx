import { useRef, useState } from 'react';
import { rpc } from '../../bridge';
import { useT } from '../../i18n';
import { useNotify } from '../notify/notify-store';
import { exportFileName, listFormatOf, MAX_LIST_BYTES, type ListFormat, type RowError } from './camera-admin-logic';
import { describeCameraError } from './camera-errors';

interface Outcome {
  kind: 'bad' | 'done';
  summary: string;
  errors: RowError[];
}

/** Import a camera list (the host checks it row by row; a bad file changes nothing) and export it. */
export function ImportExportTab({ onChanged }: { onChanged: () => void }) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const importFile = async (file: File) => {
    const format = listFormatOf(file.name);
    if (!format) return setOutcome({ kind: 'bad', summary: t('cameraAdmin.importFormat'), errors: [] });
    if (file.size > MAX_LIST_BYTES) return setOutcome({ kind: 'bad', summary: t('cameraAdmin.importTooBig'), errors: [] });
    const text = await file.text();
    if (text.trim() === '') return setOutcome({ kind: 'bad', summary: t('cameraAdmin.importEmpty'), errors: [] });
    // The host checks every row first and imports nothing when any row is bad.
    const result = await rpc('cameras.import', { format, text });
    if (result.errors.length > 0) return setOutcome({ kind: 'bad', summary: t('cameraAdmin.importBad', { file: file.name, count: result.errors.length }), errors: result.errors });
    setOutcome({ kind: 'done', summary: t('cameraAdmin.importDone', { imported: result.imported, updated: result.updated }), errors: [] });
    if (result.imported + result.updated > 0) onChanged();
  };

  const exportList = (format: ListFormat) =>
    rpc('cameras.export', { format })
      .then(({ text }) => {
        const name = exportFileName(format);
        const url = URL.createObjectURL(new Blob([text], { type: format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json' }));
        const link = document.createElement('a');
        link.href = url;
        link.download = name;
        link.click();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
        useNotify.getState().push('info', t('cameraAdmin.exported', { file: name }));
      })
      .catch((e: unknown) => useNotify.getState().push('error', describeCameraError(t, e)));

  return (
    <div className="camera-admin-import">
      <section aria-labelledby="camera-admin-import">
        <h3 id="camera-admin-import">{t('cameraAdmin.import')}</h3>
        <p className="muted">{t('cameraAdmin.importHelp')}</p>
        <label className="field">
          {t('cameraAdmin.importFile')}
          <input
            ref={input}
            type="file"
            accept=".csv,.json,text/csv,application/json"
            disabled={busy}
            data-testid="camera-admin-import-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (!file) return;
              setBusy(true);
              setOutcome(null);
              importFile(file)
                .catch((err: unknown) => setOutcome({ kind: 'bad', summary: describeCameraError(t, err), errors: [] }))
                .finally(() => {
                  setBusy(false);
                  // The same file can be chosen again after it is fixed.
                  if (input.current) input.current.value = '';
                });
            }}
          />
        </label>
        {outcome ? (
          <div className={outcome.kind === 'bad' ? 'notice camera-admin-outcome bad' : 'camera-admin-outcome'} role={outcome.kind === 'bad' ? 'alert' : 'status'} data-testid="camera-admin-import-result">
            <p className={outcome.kind === 'bad' ? 'form-error' : ''}>{outcome.summary}</p>
            {outcome.errors.length > 0 ? (
              <table className="table" data-testid="camera-admin-import-errors">
                <thead>
                  <tr>
                    <th>{t('cameraAdmin.row')}</th>
                    <th>{t('cameraAdmin.message')}</th>
                  </tr>
                </thead>
                <tbody>
                  {outcome.errors.slice(0, 200).map((e, i) => (
                    <tr key={i}>
                      <td>{e.row === 0 ? t('cameraAdmin.rowFile') : e.row}</td>
                      <td>{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </div>
        ) : null}
      </section>
      <section aria-labelledby="camera-admin-export">
        <h3 id="camera-admin-export">{t('cameraAdmin.export')}</h3>
        <div className="row">
          <button type="button" data-testid="camera-admin-export-csv" onClick={() => void exportList('csv')}>
            {t('cameraAdmin.exportCsv')}
          </button>
          <button type="button" data-testid="camera-admin-export-json" onClick={() => void exportList('json')}>
            {t('cameraAdmin.exportJson')}
          </button>
        </div>
      </section>
    </div>
  );
}
