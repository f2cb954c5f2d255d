import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPlateScene } from '../../simulators/plates/render-plate';
import { createPlateReader, defaultModelDir, type PlateReader } from './plate-reader';

let reader: PlateReader;
beforeAll(async () => {
  reader = await createPlateReader();
}, 30_000);
afterAll(() => reader.dispose());

describe('plate reader on rendered Vietnamese plates', () => {
  it.each([
    ['51F-123.45', 'one-row', 'clean'],
    ['30A-999.99', 'one-row', 'blur'],
    ['29A-1234', 'one-row', 'noise'],
    ['29LD-567.89', 'one-row', 'angle'],
    ['59-X1 123.45', 'two-row', 'clean'],
    ['29-B1 1234', 'two-row', 'noise'],
    ['43-AA 765.43', 'two-row', 'night'],
  ] as const)('reads %s (%s, %s)', async (text, layout, augmentation) => {
    const scene = renderPlateScene({ text, layout, augmentation, seed: 11 });
    const results = await reader.read(scene.image, [{ x: 0, y: 0, w: scene.image.width, h: scene.image.height }]);
    expect(results.map((r) => r.text)).toContain(text);
    const r = results.find((x) => x.text === text)!;
    expect(r).toMatchObject({ layout, valid: true });
    expect(r.confidence).toBeGreaterThan(0.5);
    // The reported box lies on the plate that was pasted.
    const cx = r.box.x + r.box.w / 2;
    const cy = r.box.y + r.box.h / 2;
    expect(cx).toBeGreaterThan(scene.plateBox.x);
    expect(cx).toBeLessThan(scene.plateBox.x + scene.plateBox.w);
    expect(cy).toBeGreaterThan(scene.plateBox.y);
    expect(cy).toBeLessThan(scene.plateBox.y + scene.plateBox.h);
  });

  it('searches the whole image without regions, and finds plates in two vehicle boxes of one frame', async () => {
    const a = renderPlateScene({ text: '51F-111.22', layout: 'one-row', seed: 3 });
    const b = renderPlateScene({ text: '59-K2 333.44', layout: 'two-row', seed: 4 });
    const w = a.image.width + b.image.width;
    const h = a.image.height;
    const data = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) {
      data.set(a.image.data.subarray(y * a.image.width * 3, (y + 1) * a.image.width * 3), y * w * 3);
      data.set(b.image.data.subarray(y * b.image.width * 3, (y + 1) * b.image.width * 3), (y * w + a.image.width) * 3);
    }
    const frame = { width: w, height: h, data };
    const whole = await reader.read(frame);
    expect(whole.map((r) => r.text).sort()).toEqual(['51F-111.22', '59-K2 333.44']);
    const boxes = await reader.read(frame, [{ x: 0, y: 0, w: a.image.width, h }, { x: a.image.width, y: 0, w: b.image.width, h }]);
    expect(boxes.map((r) => r.text)).toEqual(['51F-111.22', '59-K2 333.44']);
    expect(boxes[1]!.box.x).toBeGreaterThanOrEqual(a.image.width);
  });

  it('returns nothing for a frame with no text', async () => {
    const data = new Uint8Array(160 * 120 * 3).fill(128);
    expect(await reader.read({ width: 160, height: 120, data })).toEqual([]);
  });

  it('refuses corrupt and zero-size images with a clear error', async () => {
    await expect(reader.read({ width: 0, height: 0, data: new Uint8Array(0) })).rejects.toThrow(/no pixels/);
    await expect(reader.read({ width: 10, height: 10, data: new Uint8Array(299) })).rejects.toThrow(/299 bytes, expected 300/);
    await expect(reader.read({ width: 10.5, height: 10, data: new Uint8Array(300) })).rejects.toThrow(/no pixels/);
    await expect(reader.read({ width: 10, height: 10, data: [] as unknown as Uint8Array })).rejects.toThrow(/not a Uint8Array/);
    // Regions wholly outside the image are skipped rather than read as garbage.
    expect(await reader.read({ width: 10, height: 10, data: new Uint8Array(300) }, [{ x: 50, y: 50, w: 10, h: 10 }])).toEqual([]);
  });
});

describe('plate reader models', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-plate-models-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says clearly when a model file is not a model, or missing', async () => {
    writeFileSync(join(dir, 'ch_PP-OCRv4_det_infer.onnx'), 'this is not an onnx model');
    copyFileSync(join(defaultModelDir(), 'ppocr_keys_v1.txt'), join(dir, 'ppocr_keys_v1.txt'));
    await expect(createPlateReader({ modelDir: dir })).rejects.toThrow(/ch_PP-OCRv4_det_infer\.onnx is not a usable ONNX model/);
    await expect(createPlateReader({ modelDir: join(dir, 'missing') })).rejects.toThrow(/cannot read model .*missing/);
  });

  it('says clearly when the two models are swapped (wrong shapes)', async () => {
    const swapped = join(dir, 'swapped');
    mkdirSync(swapped);
    copyFileSync(join(defaultModelDir(), 'ch_PP-OCRv4_rec_infer.onnx'), join(swapped, 'ch_PP-OCRv4_det_infer.onnx'));
    copyFileSync(join(defaultModelDir(), 'ch_PP-OCRv4_det_infer.onnx'), join(swapped, 'ch_PP-OCRv4_rec_infer.onnx'));
    copyFileSync(join(defaultModelDir(), 'ppocr_keys_v1.txt'), join(swapped, 'ppocr_keys_v1.txt'));
    await expect(createPlateReader({ modelDir: swapped })).rejects.toThrow(/does not take an N×3×48×W text line/);
  }, 30_000);
});
