import { describe, expect, it } from 'vitest';
import { pointToLngLat, popupPosition } from './map-point';

describe('pointToLngLat', () => {
  const view = { longitude: 107.1, latitude: 16.8, zoom: 15 };
  const size = { width: 800, height: 600 };

  it('puts the centre of the canvas at the view centre', () => {
    const [lng, lat] = pointToLngLat(view, size, 400, 300);
    expect(lng).toBeCloseTo(107.1, 6);
    expect(lat).toBeCloseTo(16.8, 6);
  });

  it('goes east to the right and north upwards', () => {
    const [lngRight] = pointToLngLat(view, size, 700, 300);
    const [, latUp] = pointToLngLat(view, size, 400, 100);
    expect(lngRight).toBeGreaterThan(107.1);
    expect(latUp).toBeGreaterThan(16.8);
    // At zoom 15 a pixel is a few metres: 300 px is well under a kilometre.
    expect(lngRight - 107.1).toBeLessThan(0.01);
  });
});

describe('popupPosition', () => {
  it('opens beside the click and stays inside the window', () => {
    expect(popupPosition({ x: 100, y: 100 }, { width: 300, height: 200 }, { width: 1000, height: 800 })).toEqual({ left: 108, top: 108 });
    expect(popupPosition({ x: 950, y: 750 }, { width: 300, height: 200 }, { width: 1000, height: 800 })).toEqual({ left: 696, top: 596 });
    expect(popupPosition({ x: -5, y: -5 }, { width: 300, height: 200 }, { width: 200, height: 100 })).toEqual({ left: 4, top: 4 });
  });
});
