import { WebMercatorViewport } from '@deck.gl/core';
import type { LngLat } from '../../../shared/domain/city';

export interface PointView {
  longitude: number;
  latitude: number;
  zoom: number;
  pitch?: number;
  bearing?: number;
}

/** The map position under a pixel of the map canvas (x, y from its top-left corner). */
export function pointToLngLat(view: PointView, size: { width: number; height: number }, x: number, y: number): LngLat {
  const viewport = new WebMercatorViewport({
    width: Math.max(1, size.width),
    height: Math.max(1, size.height),
    longitude: view.longitude,
    latitude: view.latitude,
    zoom: view.zoom,
    pitch: view.pitch ?? 0,
    bearing: view.bearing ?? 0,
  });
  const [lng, lat] = viewport.unproject([x, y]) as [number, number];
  return [Math.round(lng * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7];
}

/** Where to put a popup of `popup` size at a click, kept inside the window. */
export function popupPosition(click: { x: number; y: number }, popup: { width: number; height: number }, window: { width: number; height: number }): { left: number; top: number } {
  const left = Math.max(4, Math.min(click.x + 8, window.width - popup.width - 4));
  const top = Math.max(4, Math.min(click.y + 8, window.height - popup.height - 4));
  return { left, top };
}
