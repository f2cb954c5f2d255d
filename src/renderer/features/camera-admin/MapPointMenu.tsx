import { useEffect, useRef, useState } from 'react';
import type { LngLat } from '../../../shared/domain/city';
import { useT } from '../../i18n';
import { useCan } from '../auth/use-permission';
import { useMapStore } from '../map/map-store';
import { pointToLngLat, popupPosition } from './map-point';
import { NearbyList } from './NearbyCameras';

const POPUP = { width: 320, height: 300 };

/**
 * Right-click anywhere on the map: "Camera gần đây" for that point, each camera one click from
 * a tile. (Keyboard users have the same list in the details panel of any selected object.)
 */
export function MapPointMenu() {
  const t = useT();
  const canView = useCan('video.view');
  const [at, setAt] = useState<{ position: LngLat; left: number; top: number } | null>(null);
  const panel = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!canView) return;
    const onContextMenu = (e: MouseEvent) => {
      const canvas = (e.target as Element | null)?.closest?.('[data-testid="map-canvas"]');
      const view = useMapStore.getState().view;
      if (!canvas || !view) return;
      e.preventDefault();
      const rect = canvas.getBoundingClientRect();
      const position = pointToLngLat(view, { width: rect.width, height: rect.height }, e.clientX - rect.left, e.clientY - rect.top);
      setAt({ position, ...popupPosition({ x: e.clientX, y: e.clientY }, POPUP, { width: innerWidth, height: innerHeight }) });
    };
    document.addEventListener('contextmenu', onContextMenu, true);
    return () => document.removeEventListener('contextmenu', onContextMenu, true);
  }, [canView]);

  useEffect(() => {
    if (!at) return;
    panel.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setAt(null);
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [at]);

  if (!at) return null;
  return (
    <section
      ref={panel}
      tabIndex={-1}
      className="map-point-menu nearby-cameras"
      data-testid="map-point-menu"
      aria-label={t('cameraAdmin.nearby')}
      style={{ left: at.left, top: at.top, width: POPUP.width, maxHeight: POPUP.height }}
    >
      <header className="row">
        <strong>{t('cameraAdmin.nearby')}</strong>
        <code className="muted">
          {at.position[1].toFixed(5)}, {at.position[0].toFixed(5)}
        </code>
        <button type="button" className="ghost" aria-label={t('cameraAdmin.close')} onClick={() => setAt(null)}>
          ×
        </button>
      </header>
      <NearbyList position={at.position} exclude={null} />
    </section>
  );
}
