import { useEffect, useRef } from 'react';
import type { LngLat } from '../../../shared/domain/city';
import { useT } from '../../i18n';
import type { LayerKey } from '../map/layer-catalog';
import { MapCanvas } from '../map/MapCanvas';
import { useMapStore } from '../map/map-store';
import { useMapData } from '../map/use-map-data';
import { centreOn } from '../map/view-state';
import '../map/map.css';

/** The basemap and the cameras: nothing else competes for the pointer when dragging a camera (no live layers either, see MapCanvas). */
const CAMERA_MAP_LAYERS: ReadonlySet<LayerKey> = new Set<LayerKey>(['wards', 'roads', 'water', 'landmarks', 'cameras']);
const FOCUS_ZOOM = 15;

/**
 * The video page's camera map: cameras are dragged from it onto tiles, and it follows the
 * selected tile's camera. It borrows the map section's view and gives it back on leaving.
 */
export function VideoMiniMap({ focus }: { focus: LngLat | null }) {
  const t = useT();
  useMapData();
  const mainView = useRef(useMapStore.getState().view);
  useEffect(() => {
    const saved = mainView.current;
    // With no saved view the map section fits the whole city again when it opens.
    return () => useMapStore.setState({ view: saved, hovered: null });
  }, []);

  const [lng, lat] = focus ?? [null, null];
  useEffect(() => {
    if (lng === null || lat === null) return;
    const zoom = Math.max(useMapStore.getState().view?.zoom ?? FOCUS_ZOOM, FOCUS_ZOOM);
    useMapStore.getState().moveTo(centreOn([lng, lat], zoom), false);
  }, [lng, lat]);

  return (
    <details className="video-minimap" open>
      <summary>{t('video.map')}</summary>
      <p className="muted">{t('video.mapHint')}</p>
      <div className="video-minimap-stage" data-focus={focus ? focus.join(',') : undefined}>
        <MapCanvas only={CAMERA_MAP_LAYERS} live={false} testId="video-minimap" />
      </div>
    </details>
  );
}
