import { useId, useState } from 'react';
import { rpc } from '../../bridge';
import { useT } from '../../i18n';
import { useCan } from '../auth/use-permission';
import { describeError, useNotify } from '../notify/notify-store';
import { basemapRefusalKey } from './basemap-errors';
import { useMapStore } from './map-store';

/** Which basemap is drawn, and (for operators) opening a city's own PMTiles/MBTiles file or going back. */
export function BasemapPanel() {
  const t = useT();
  const canEdit = useCan('map.edit');
  const source = useMapStore((s) => s.basemapSource);
  const setBasemapSource = useMapStore((s) => s.setBasemapSource);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ reason: string | null; message: string } | null>(null);
  const inputId = useId();

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      const key = basemapRefusalKey(err);
      setError({ reason: key ? t(key) : null, message: describeError(t, err) });
    } finally {
      setBusy(false);
    }
  };

  const open = () =>
    run(async () => {
      const opened = await rpc('basemap.open', { path: path.trim() });
      setBasemapSource(opened);
      useNotify.getState().push('info', t('map.basemap.opened', { name: opened.name }));
    });

  const reset = () =>
    run(async () => {
      setBasemapSource(await rpc('basemap.reset', {}));
    });

  return (
    <section className="map-panel" aria-labelledby="map-basemap-title">
      <h2 id="map-basemap-title">{t('map.basemap')}</h2>
      <p data-testid="basemap-current">
        <span className="muted">{t('map.basemap.current')}: </span>
        {!source || source.kind === 'builtin'
          ? t('map.basemap.builtin')
          : t('map.basemap.file', { name: source.name, kind: source.kind === 'pmtiles' ? 'PMTiles' : 'MBTiles', min: source.minZoom, max: source.maxZoom })}
      </p>
      {canEdit && (
        <>
          <form
            className="map-basemap-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (path.trim()) void open();
            }}
          >
            <label htmlFor={inputId}>{t('map.basemap.path')}</label>
            <input
              id={inputId}
              type="text"
              value={path}
              maxLength={4096}
              spellCheck={false}
              autoComplete="off"
              placeholder="/srv/ioc/basemap/dong-ha.pmtiles"
              onChange={(e) => setPath(e.target.value)}
              data-testid="basemap-path-input"
            />
            <button type="submit" disabled={busy || !path.trim()} data-testid="basemap-open">
              {t('map.basemap.open')}
            </button>
          </form>
          <button type="button" disabled={busy || !source || source.kind === 'builtin'} onClick={() => void reset()} data-testid="basemap-reset">
            {t('map.basemap.reset')}
          </button>
        </>
      )}
      {error && (
        <div className="map-basemap-error" role="alert" data-testid="basemap-error" ref={(el) => el?.scrollIntoView({ block: 'nearest' })}>
          <p className="form-error">{error.reason ?? t('map.basemap.failed')}</p>
          <p className="muted">{error.message}</p>
        </div>
      )}
    </section>
  );
}
