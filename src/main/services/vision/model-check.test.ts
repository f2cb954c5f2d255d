import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type VisionModelInput, visionModelInputSchema } from '../../../shared/domain/vision';
import { silentLogger } from '../log/logger';
import { makeTempDir } from '../store/test-support';
import { checkModel } from './model-check';
import { densityModel, identityModel, tinyOnnxModel } from './test-support/tiny-onnx';
import { visionWorkerEntry } from './worker-entry';
import { VisionWorkerPool } from './worker-pool';

const tmp = makeTempDir('ioc-vision-models-');
afterAll(() => tmp.cleanup());

const file = (name: string, bytes: Uint8Array | string): string => {
  const path = join(tmp.dir, name);
  writeFileSync(path, bytes);
  return path;
};
const input = (over: Partial<VisionModelInput> & { path: string }): VisionModelInput =>
  visionModelInputSchema.parse({ id: 'm1', name: 'Mật độ', kind: 'density', ...over });

describe('model registry checks', () => {
  it('accepts a density model and reports its input and output', async () => {
    const info = await checkModel(input({ path: file('density.onnx', densityModel(36, 64)) }), 1);
    expect(info).toMatchObject({ kind: 'density', inputName: 'image', inputShape: [1, 1, 36, 64], outputName: 'density' });
  });

  it('says plainly when a file is not a model, is empty or is missing', async () => {
    await expect(checkModel(input({ path: file('notes.onnx', 'đây không phải mô hình') }), 1)).rejects.toThrow(/not an ONNX model/);
    await expect(checkModel(input({ path: file('empty.onnx', '') }), 1)).rejects.toThrow(/empty/);
    await expect(checkModel(input({ path: join(tmp.dir, 'gone.onnx') }), 1)).rejects.toThrow(/no model file/);
    await expect(checkModel(input({ path: 'relative/model.onnx' }), 1)).rejects.toThrow(/absolute/);
  });

  it('refuses models whose shapes do not fit the task', async () => {
    await expect(checkModel(input({ path: file('flat.onnx', identityModel([1, 64])) }), 1)).rejects.toThrow(/float32 image \[1, 1\|3, H, W\]; got float32 \[1, 64\]/);
    await expect(checkModel(input({ path: file('five.onnx', identityModel([1, 5, 8, 8])) }), 1)).rejects.toThrow(/1 \(grey\) or 3 \(RGB\) channels/);
    const detector = input({ kind: 'detector', path: file('det.onnx', identityModel([1, 3, 8, 8])), classMap: { '0': 'person' } });
    await expect(checkModel(detector, 1)).rejects.toThrow(/detector's output must be \[1, N, 6\].*\[1, 3, 8, 8\]/);
    const broken = tinyOnnxModel({ nodes: [{ op: 'NoSuchOp', inputs: ['x'], outputs: ['y'] }], input: { name: 'x', dims: [1, 3, 8, 8] }, output: { name: 'y', dims: [1, 3, 8, 8] } });
    await expect(checkModel(input({ path: file('broken.onnx', broken) }), 1)).rejects.toThrow(/not an ONNX model onnxruntime can load/);
  });

  it('refuses a detector without a class map, or with classes we do not count', () => {
    expect(visionModelInputSchema.safeParse({ id: 'd', name: 'd', kind: 'detector', path: '/m.onnx' }).success).toBe(false);
    expect(visionModelInputSchema.safeParse({ id: 'd', name: 'd', kind: 'detector', path: '/m.onnx', classMap: { '0': 'giraffe' } }).success).toBe(false);
  });

  it('runs a density model in the worker: the count is the sum of the map', async () => {
    const model = await checkModel(input({ path: file('density2.onnx', densityModel(36, 64)) }), 1);
    const pool = new VisionWorkerPool({
      size: 1,
      queueLimit: 1,
      frameTimeoutMs: 10_000,
      initTimeoutMs: 20_000,
      init: { type: 'init', detector: { kind: 'none' }, density: model, plates: { enabled: false } },
      entry: visionWorkerEntry(),
      log: silentLogger,
    });
    try {
      await pool.start();
      // A 128×72 frame of grey 51 (0.2 after scaling), resized to 64×36, pooled 2×2: 32×18 cells of 0.2.
      const pixels = new Uint8Array(128 * 72 * 3).fill(51);
      const result = await pool.submit({ width: 128, height: 72, pixels: pixels.buffer, minScore: 0.3, tiling: { enabled: false, cols: 1, rows: 1, overlap: 0, includeFull: true }, plates: false });
      expect(result!.densityCount).toBeCloseTo(32 * 18 * 0.2, 3);
      expect(result!.detections).toEqual([]);
    } finally {
      await pool.dispose();
    }
  }, 30_000);
});
