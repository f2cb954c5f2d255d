import { describe, expect, it } from 'vitest';
import { applyKeyAction, clampZoom, fitBoundsView, mapKeyAction, MAX_ZOOM, MIN_ZOOM } from './view-state';

const city: [number, number, number, number] = [107.047, 16.775, 107.153, 16.866];
const size = { width: 1000, height: 700 };

describe('fitBoundsView', () => {
  it('centres on the box and zooms so that it fits, closer for a smaller box', () => {
    const whole = fitBoundsView(city, size);
    expect(whole.longitude).toBeCloseTo(107.1, 3);
    expect(whole.latitude).toBeCloseTo(16.8205, 2);
    expect(whole.zoom).toBeGreaterThan(11);
    expect(whole.zoom).toBeLessThan(14);
    const ward = fitBoundsView([107.0905, 16.8048, 107.1041, 16.8299], size);
    expect(ward.zoom).toBeGreaterThan(whole.zoom);
  });

  it('centres on a single point at the closest zoom allowed, and survives a zero-sized canvas', () => {
    expect(fitBoundsView([107.1, 16.8, 107.1, 16.8], size, 40, 17)).toEqual({ longitude: 107.1, latitude: 16.8, zoom: 17 });
    const tiny = fitBoundsView(city, { width: 0, height: 0 });
    expect(Number.isFinite(tiny.zoom)).toBe(true);
    expect(tiny.zoom).toBeGreaterThanOrEqual(MIN_ZOOM);
  });
});

describe('map keys', () => {
  it('maps +, −, arrows and Escape, and leaves modified keys alone', () => {
    expect(mapKeyAction({ key: '+' })).toEqual({ type: 'zoom', delta: 1 });
    expect(mapKeyAction({ key: '=' })).toEqual({ type: 'zoom', delta: 1 });
    expect(mapKeyAction({ key: '-' })).toEqual({ type: 'zoom', delta: -1 });
    expect(mapKeyAction({ key: 'ArrowRight' })).toEqual({ type: 'pan', dx: 80, dy: 0 });
    expect(mapKeyAction({ key: 'ArrowUp', shiftKey: true })).toEqual({ type: 'pan', dx: 0, dy: -240 });
    expect(mapKeyAction({ key: 'Escape' })).toEqual({ type: 'clear' });
    expect(mapKeyAction({ key: 'ArrowLeft', altKey: true })).toBeNull();
    expect(mapKeyAction({ key: '+', ctrlKey: true })).toBeNull();
    expect(mapKeyAction({ key: 'a' })).toBeNull();
  });

  it('pans the way the arrow points and zooms within bounds', () => {
    const view = { longitude: 107.1, latitude: 16.82, zoom: 14 };
    const east = applyKeyAction(view, { type: 'pan', dx: 80, dy: 0 }, size);
    expect(east.longitude).toBeGreaterThan(view.longitude);
    expect(east.latitude).toBeCloseTo(view.latitude, 6);
    const south = applyKeyAction(view, { type: 'pan', dx: 0, dy: 80 }, size);
    expect(south.latitude).toBeLessThan(view.latitude);
    expect(applyKeyAction(view, { type: 'zoom', delta: 1 }, size).zoom).toBe(15);
    expect(applyKeyAction({ ...view, zoom: MAX_ZOOM }, { type: 'zoom', delta: 1 }, size).zoom).toBe(MAX_ZOOM);
    expect(clampZoom(2)).toBe(MIN_ZOOM);
  });
});
