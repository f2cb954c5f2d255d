import { describe, expect, it } from 'vitest';
import { tourPosition } from './tour';

describe('tourPosition', () => {
  const tour = { cameraIds: ['a', 'b', 'c'], dwellS: 10 };
  it('cycles through the cameras every dwell period', () => {
    expect(tourPosition(tour, 0, 0)).toEqual({ index: 0, cameraId: 'a', nextChangeAt: 10_000 });
    expect(tourPosition(tour, 0, 10_000).cameraId).toBe('b');
    expect(tourPosition(tour, 0, 29_999).cameraId).toBe('c');
    expect(tourPosition(tour, 0, 30_000).cameraId).toBe('a');
  });
  it('treats a clock before the start as the start', () => {
    expect(tourPosition(tour, 5000, 0).cameraId).toBe('a');
  });
});
