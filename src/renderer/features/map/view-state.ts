import { WebMercatorViewport } from '@deck.gl/core';
import type { Bounds, LngLat } from './geometry';

export interface MapView {
  longitude: number;
  latitude: number;
  zoom: number;
}

export interface ViewSize {
  width: number;
  height: number;
}

export const MIN_ZOOM = 9;
export const MAX_ZOOM = 19;

export function clampZoom(zoom: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

/** The view that shows `bounds` whole inside a viewport of `size`, with a margin. */
export function fitBoundsView(bounds: Bounds, size: ViewSize, padding = 40, maxZoom = 17): MapView {
  const width = Math.max(size.width, 1);
  const height = Math.max(size.height, 1);
  const [w, s, e, n] = bounds;
  // A point (or a box thinner than a pixel) has no extent to fit: centre on it at the closest zoom allowed.
  if (e - w < 1e-7 && n - s < 1e-7) return { longitude: w, latitude: s, zoom: maxZoom };
  const pad = Math.max(0, Math.min(padding, Math.floor(Math.min(width, height) / 2) - 1));
  const fitted = new WebMercatorViewport({ width, height }).fitBounds([[w, s], [e, n]], { padding: pad, maxZoom });
  return { longitude: fitted.longitude, latitude: fitted.latitude, zoom: clampZoom(fitted.zoom) };
}

export function centreOn(position: LngLat, zoom: number): MapView {
  return { longitude: position[0], latitude: position[1], zoom: clampZoom(zoom) };
}

export type MapKeyAction = { type: 'zoom'; delta: number } | { type: 'pan'; dx: number; dy: number } | { type: 'clear' };

/**
 * Keys the focused map answers: + and − zoom, arrows pan (further with Shift), Esc clears
 * the selection. Modified keys (Ctrl, Alt, Meta) are left to the browser and the shell.
 */
export function mapKeyAction(e: { key: string; shiftKey?: boolean; ctrlKey?: boolean; altKey?: boolean; metaKey?: boolean }): MapKeyAction | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  const step = e.shiftKey ? 240 : 80;
  switch (e.key) {
    case '+':
    case '=':
    case 'Add':
      return { type: 'zoom', delta: 1 };
    case '-':
    case '_':
    case 'Subtract':
      return { type: 'zoom', delta: -1 };
    case 'ArrowLeft':
      return { type: 'pan', dx: -step, dy: 0 };
    case 'ArrowRight':
      return { type: 'pan', dx: step, dy: 0 };
    case 'ArrowUp':
      return { type: 'pan', dx: 0, dy: -step };
    case 'ArrowDown':
      return { type: 'pan', dx: 0, dy: step };
    case 'Escape':
      return { type: 'clear' };
    default:
      return null;
  }
}

/** Applies a zoom or a pan (in screen pixels: +dx moves the view east, +dy south). */
export function applyKeyAction(view: MapView, action: Exclude<MapKeyAction, { type: 'clear' }>, size: ViewSize): MapView {
  if (action.type === 'zoom') return { ...view, zoom: clampZoom(view.zoom + action.delta) };
  const width = Math.max(size.width, 1);
  const height = Math.max(size.height, 1);
  const viewport = new WebMercatorViewport({ width, height, longitude: view.longitude, latitude: view.latitude, zoom: view.zoom });
  const [longitude, latitude] = viewport.unproject([width / 2 + action.dx, height / 2 + action.dy]) as [number, number];
  return { ...view, longitude, latitude };
}
