import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPlateScene } from '../../simulators/plates/render-plate';
import { findPlateBoxes } from './plate-localiser';
import type { PlateReader } from './plate-reader';
import { createTesseractPlateReader, encodeBmp, preparePlate } from './tesseract-reader';

let reader: PlateReader;
beforeAll(async () => {
  reader = await createTesseractPlateReader();
}, 60_000);
afterAll(() => reader.dispose());

describe('tesseract.js plate reader (the lighter fallback)', () => {
  it.each([
    ['51F-123.45', 'one-row'],
    ['30A-999.99', 'one-row'],
    ['59-X1 123.45', 'two-row'],
  ] as const)('reads the clean rendered plate %s (%s) through the same Vietnamese normalisation', async (text, layout) => {
    const scene = renderPlateScene({ text, layout, augmentation: 'clean', seed: 11 });
    const results = await reader.read(scene.image, [{ x: 0, y: 0, w: scene.image.width, h: scene.image.height }]);
    expect(results.map((r) => r.text)).toContain(text);
    const r = results.find((x) => x.text === text)!;
    expect(r).toMatchObject({ layout, valid: true });
    // Its box lies on the pasted plate.
    const cx = r.box.x + r.box.w / 2;
    expect(cx).toBeGreaterThan(scene.plateBox.x);
    expect(cx).toBeLessThan(scene.plateBox.x + scene.plateBox.w);
  }, 30_000);

  it('finds nothing on a frame without a plate, and refuses a broken image', async () => {
    expect(await reader.read({ width: 160, height: 120, data: new Uint8Array(160 * 120 * 3).fill(128) })).toEqual([]);
    await expect(reader.read({ width: 10, height: 10, data: new Uint8Array(5) })).rejects.toThrow();
  });

  it('loads its model only from a local folder: a folder without it is a clear error, not a download', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ioc-tessdata-'));
    try {
      await expect(createTesseractPlateReader({ langPath: empty })).rejects.toThrow(/no eng\.traineddata\.gz in/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('plate pre-processing for tesseract', () => {
  it('finds the plate block on a rendered vehicle crop', () => {
    const scene = renderPlateScene({ text: '29A-123.45', layout: 'one-row', augmentation: 'clean', seed: 5 });
    const [best] = findPlateBoxes(scene.image, { x: 0, y: 0, w: scene.image.width, h: scene.image.height });
    expect(best).toBeDefined();
    const p = scene.plateBox;
    const inter = Math.max(0, Math.min(best!.x + best!.w, p.x + p.w) - Math.max(best!.x, p.x)) * Math.max(0, Math.min(best!.y + best!.h, p.y + p.h) - Math.max(best!.y, p.y));
    expect(inter / (p.w * p.h)).toBeGreaterThan(0.7);
  });

  it('binarises to dark ink on white with a margin, and encodes a BMP Leptonica reads', () => {
    // Dark bars on light grey: ink is the minority and ends up black (0), paper white (255).
    const w = 40;
    const h = 20;
    const data = new Uint8Array(w * h * 3).fill(200);
    for (let y = 5; y < 15; y++) for (const x of [10, 11, 20, 21, 30, 31]) data.fill(30, (y * w + x) * 3, (y * w + x) * 3 + 3);
    const p = preparePlate({ width: w, height: h, data }, { x: 0, y: 0, w, h }, 20);
    expect(p.pad).toBe(12);
    expect(p.width).toBe(w + 24);
    const at = (x: number, y: number) => p.rgb[((y + p.pad) * p.width + x + p.pad) * 3];
    expect(at(10, 10)).toBe(0);
    expect(at(15, 10)).toBe(255);
    expect(at(0, 0)).toBe(255);
    const bmp = encodeBmp(p.width, p.height, p.rgb);
    expect(bmp.subarray(0, 2).toString('ascii')).toBe('BM');
    expect(bmp.readUInt32LE(2)).toBe(bmp.length);
    expect(bmp.readInt32LE(22)).toBe(-p.height);
  });
});
