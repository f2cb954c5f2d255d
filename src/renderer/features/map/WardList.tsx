import { useT } from '../../i18n';
import { useCity } from '../city/city-store';
import type { MapObject } from './map-objects';
import { useMapStore } from './map-store';
import type { Ward } from '../../../shared/domain/city';

export function wardObject(w: Ward): MapObject {
  return { key: `ward:${w.id}`, kind: 'ward', id: w.id, name: w.name, position: w.center, wardId: w.id, bounds: w.bbox, layer: 'wards', facts: [] };
}

/** Every ward as a button that frames it on the map and selects it. */
export function WardList() {
  const t = useT();
  // Select the stable overview, not a fresh `?? []`: a new array per read would loop the store forever.
  const overview = useCity((s) => s.overview);
  const wards = overview?.wards ?? [];
  const { fitBounds, select } = useMapStore.getState();

  return (
    <section className="map-panel" aria-labelledby="map-wards-title">
      <h2 id="map-wards-title">{t('map.wards')}</h2>
      <ul className="map-ward-list" data-testid="ward-list">
        {wards.map((w) => (
          <li key={w.id}>
            <button
              type="button"
              aria-label={t('map.wards.zoomTo', { name: w.name })}
              data-testid={`ward-${w.id}`}
              onClick={() => {
                fitBounds(w.bbox);
                select(wardObject(w));
              }}
            >
              {w.name}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
