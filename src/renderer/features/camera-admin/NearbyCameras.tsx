import { useEffect, useState } from 'react';
import type { NearbyCamera } from '../../../shared/domain/camera-registry';
import type { LngLat } from '../../../shared/domain/city';
import { rpc } from '../../bridge';
import { useLanguage, useT } from '../../i18n';
import { useCan } from '../auth/use-permission';
import { formatDistance } from './camera-admin-logic';
import { describeCameraError } from './camera-errors';
import { watchCamera } from './watch';
import './camera-admin.css';

const RADII = [200, 500, 1000, 2000] as const;

/**
 * The video actions of the map's details panel: "Xem video" for a camera, and "Camera gần đây"
 * for any selected object (the nearest cameras by distance, each one click from a tile).
 */
export function MapCameraActions({ objectKey, kind, id, position }: { objectKey: string; kind: string; id: string; position: LngLat }) {
  const t = useT();
  const canView = useCan('video.view');
  // Open for one object only: another selection closes the list that was about the previous one.
  const [openFor, setOpenFor] = useState<string | null>(null);
  const open = openFor === objectKey;
  if (!canView) return null;
  return (
    <div className="nearby-cameras" data-testid="map-camera-actions">
      <div className="row">
        {kind === 'camera' ? (
          <button type="button" className="primary" data-testid="details-watch" onClick={() => watchCamera(id)}>
            {t('cameraAdmin.watch')}
          </button>
        ) : null}
        <button type="button" aria-expanded={open} data-testid="details-nearby" onClick={() => setOpenFor(open ? null : objectKey)}>
          {t('cameraAdmin.nearby')}
        </button>
      </div>
      {open ? <NearbyList position={position} exclude={kind === 'camera' ? id : null} /> : null}
    </div>
  );
}

export function NearbyList({ position, exclude }: { position: LngLat; exclude: string | null }) {
  const t = useT();
  const language = useLanguage((s) => s.language);
  const [radius, setRadius] = useState<number>(500);
  const [lng, lat] = position;
  const query = `${lng},${lat},${radius},${exclude ?? ''}`;
  // The answer remembers its question: while a newer question is out, the list shows "loading".
  const [answer, setAnswer] = useState<{ query: string; list: NearbyCamera[] | null; error: string | null } | null>(null);
  const list = answer?.query === query ? answer.list : null;
  const error = answer?.query === query ? answer.error : null;

  useEffect(() => {
    let live = true;
    rpc('cameras.nearby', { position: [lng, lat], radiusM: radius, limit: 11 })
      .then((found) => live && setAnswer({ query, list: found.filter((n) => n.camera.id !== exclude).slice(0, 10), error: null }))
      .catch((err: unknown) => live && setAnswer({ query, list: null, error: describeCameraError(t, err) }));
    return () => {
      live = false;
    };
  }, [query, lng, lat, radius, exclude, t]);

  return (
    <section aria-label={t('cameraAdmin.nearby')} data-testid="nearby-cameras">
      <label className="row">
        {t('cameraAdmin.nearbyRadius')}
        <select value={radius} onChange={(e) => setRadius(Number(e.target.value))}>
          {RADII.map((r) => (
            <option key={r} value={r}>
              {formatDistance(r, language)}
            </option>
          ))}
        </select>
      </label>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : list === null ? (
        <p className="muted">{t('cameraAdmin.nearbyLoading')}</p>
      ) : list.length === 0 ? (
        <p className="muted">{t('cameraAdmin.nearbyNone', { radius: formatDistance(radius, language) })}</p>
      ) : (
        <ul>
          {list.map(({ camera, distanceM }) => (
            <li key={camera.id} data-camera-id={camera.id}>
              <span className="nearby-name" title={camera.address || camera.name}>
                {camera.name}
              </span>
              <span className="nearby-distance">{formatDistance(distanceM, language)}</span>
              <button type="button" aria-label={t('cameraAdmin.watchName', { name: camera.name })} onClick={() => watchCamera(camera.id)}>
                {t('cameraAdmin.watch')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
