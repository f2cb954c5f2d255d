import { describe, expect, it } from 'vitest';
import { cutCrop, type Rgb } from './image-ops';

/** A frame whose every pixel encodes its own position: R = x, G = y, B = 7. */
function frame(width: number, height: number): Rgb {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([x, y, 7], (y * width + x) * 3);
  return { width, height, data };
}

describe('plate evidence crops', () => {
  it('cuts the plate with a margin of a quarter of its height', () => {
    const c = cutCrop(frame(200, 100), { x: 50, y: 40, w: 40, h: 12 })!;
    expect([c.width, c.height]).toEqual([40 + 2 * 3, 12 + 2 * 3]);
    // Top-left pixel of the crop is (47, 37) of the frame.
    expect([...c.rgb.subarray(0, 3)]).toEqual([47, 37, 7]);
    expect(c.rgb.length).toBe(c.width * c.height * 3);
  });

  it('clamps at the frame edge and refuses boxes outside the frame or too big to be a plate', () => {
    const edge = cutCrop(frame(200, 100), { x: 190, y: 95, w: 20, h: 8 })!;
    expect([edge.width, edge.height]).toEqual([12, 7]);
    expect(cutCrop(frame(200, 100), { x: 300, y: 10, w: 20, h: 8 })).toBeUndefined();
    expect(cutCrop(frame(1000, 1000), { x: 0, y: 0, w: 900, h: 40 })).toBeUndefined();
  });
});
