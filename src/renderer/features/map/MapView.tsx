import { useLanguage, useT } from '../../i18n';
import { useCan } from '../auth/use-permission';
import { useCity } from '../city/city-store';
import { MapPointMenu } from '../camera-admin/MapPointMenu';
import { describeError } from '../notify/notify-store';
import { BasemapPanel } from './BasemapPanel';
import { DetailsPanel } from './DetailsPanel';
import { HoverTooltip } from './HoverTooltip';
import { ImportPanel } from './ImportPanel';
import { LayerPanel } from './LayerPanel';
import { MapCanvas } from './MapCanvas';
import { useMapStore } from './map-store';
import { SearchPanel } from './SearchPanel';
import { useMapData } from './use-map-data';
import { clampZoom, fitBoundsView } from './view-state';
import { WardList } from './WardList';
import './map.css';

/** The map section: tools on the left, the city on the right. Fills its parent. */
export function MapView(): React.JSX.Element {
  const t = useT();
  const { error } = useMapData();
  const canEdit = useCan('map.edit');
  const ready = useMapStore((s) => s.basemap !== null);

  return (
    <div className="map-view">
      <aside className="map-sidebar" aria-label={t('map.sidebar')}>
        <SearchPanel />
        <LayerPanel />
        <WardList />
        {canEdit && <ImportPanel />}
        <BasemapPanel />
      </aside>
      <div className="map-stage">
        <MapCanvas />
        <ZoomControls />
        <HoverTooltip />
        <DetailsPanel />
        <MapPointMenu />
        {error ? (
          <p className="map-status notice" role="alert">
            {t('map.loadFailed', { message: describeError(t, error) })}
          </p>
        ) : (
          !ready && (
            <p className="map-status" role="status">
              {t('map.loading')}
            </p>
          )
        )}
        <Attribution />
      </div>
    </div>
  );
}

function ZoomControls() {
  const t = useT();
  const overview = useCity((s) => s.overview);
  const zoomBy = (delta: number) => {
    const { view, setView } = useMapStore.getState();
    if (view) setView({ ...view, zoom: clampZoom(view.zoom + delta) });
  };
  return (
    <div className="map-zoom" role="group" aria-label={t('map.title')}>
      <button type="button" onClick={() => zoomBy(1)} aria-label={t('map.zoomIn')} title={t('map.zoomIn')} data-testid="map-zoom-in">
        +
      </button>
      <button type="button" onClick={() => zoomBy(-1)} aria-label={t('map.zoomOut')} title={t('map.zoomOut')} data-testid="map-zoom-out">
        −
      </button>
      <button
        type="button"
        disabled={!overview}
        onClick={() => overview && useMapStore.getState().moveTo(fitBoundsView(overview.bounds, useMapStore.getState().size, 24))}
        title={t('map.resetView')}
        data-testid="map-reset-view"
      >
        {t('map.resetView')}
      </button>
    </div>
  );
}

function Attribution() {
  const language = useLanguage((s) => s.language);
  const overview = useCity((s) => s.overview);
  if (!overview) return null;
  return (
    <p className="map-attribution">
      {overview.geometryNote[language]} · {overview.attribution.join(' · ')}
    </p>
  );
}
