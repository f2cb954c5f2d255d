import { useId, useState } from 'react';
import { rpc } from '../../bridge';
import { useT } from '../../i18n';
import { useNotify } from '../notify/notify-store';
import { importFailure, layerNameFromFile, type ImportFailure } from './import-errors';
import { useMapStore } from './map-store';

const MAX_MB = 20;

/** Imports a GeoJSON file as a layer; a refused file shows every reason and leaves the map as it was. */
export function ImportPanel() {
  const t = useT();
  const inputId = useId();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<(ImportFailure & { name: string }) | null>(null);

  const onFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    const name = layerNameFromFile(file.name);
    setFailure(null);
    try {
      if (file.size > MAX_MB * 1024 * 1024) {
        setFailure({ name: file.name, summary: t('map.import.tooLarge', { limit: MAX_MB }), issues: [], more: 0 });
        return;
      }
      setBusy(true);
      const layer = await rpc('map.userLayers.import', { name, geojson: await file.text() });
      useMapStore.getState().addUserLayer(layer);
      useNotify.getState().push('info', t('map.import.done', { name: layer.name, count: layer.featureCount }));
    } catch (err) {
      setFailure({ name: file.name, ...importFailure(err) });
    } finally {
      setBusy(false);
      // Choosing the same file again, once fixed, must fire another change.
      input.value = '';
    }
  };

  return (
    <section className="map-panel" aria-labelledby="map-import-title">
      <h2 id="map-import-title">{t('map.import')}</h2>
      <label htmlFor={inputId}>{t('map.import.choose')}</label>
      <input
        id={inputId}
        type="file"
        accept=".geojson,.json,application/geo+json,application/json"
        disabled={busy}
        onChange={(e) => void onFile(e.currentTarget)}
        data-testid="geojson-import-input"
      />
      {busy && <p className="muted">{t('map.import.importing')}</p>}
      {failure && (
        <div className="map-import-error" role="alert" data-testid="geojson-import-error" ref={(el) => el?.scrollIntoView({ block: 'nearest' })}>
          <p className="form-error">{t('map.import.failed', { name: failure.name })}</p>
          {/* The summary repeats the first listed problem; it is shown only when there is no list. */}
          {failure.issues.length === 0 && <p>{failure.summary}</p>}
          {failure.issues.length > 0 && (
            <ul>
              {failure.issues.map((issue, i) => (
                <li key={i}>
                  {issue.path && <code>{issue.path}</code>} {issue.message}
                </li>
              ))}
            </ul>
          )}
          {failure.more > 0 && <p className="muted">{t('map.import.moreErrors', { count: failure.more })}</p>}
        </div>
      )}
    </section>
  );
}
