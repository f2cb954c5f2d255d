import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { visionModelInputSchema } from '../../../shared/domain/vision';
import { silentLogger } from '../log/logger';
import { makeTempDir } from '../store/test-support';
import { checkModel } from './model-check';
import { brightnessDetectorModel } from './test-support/tiny-onnx';
import { findVtest, grabRgbFrame } from './test-support/vtest';
import { visionWorkerEntry } from './worker-entry';
import { VisionWorkerPool } from './worker-pool';

const tmp = makeTempDir('ioc-vision-user-detector-');
afterAll(() => tmp.cleanup());
const noTiling = { enabled: false, cols: 2, rows: 2, overlap: 0.2, includeFull: true };

describe('a user-supplied ONNX detector, end to end', () => {
  it('is checked on load, then finds objects on real vtest frames through the pool, in frame pixels and our classes', async () => {
    const vtest = findVtest();
    if (!vtest) throw new Error('vtest.avi not found: install the opencv-doc package');
    // The test writes its own model: one box at (4, 4)–(20, 28) of a 32×32 input, class 2, score = mean brightness.
    const path = join(tmp.dir, 'brightness-detector.onnx');
    writeFileSync(path, brightnessDetectorModel(32, [4, 4, 20, 28], 2));
    const info = await checkModel(visionModelInputSchema.parse({ id: 'user-det', name: 'Bộ dò của người dùng', kind: 'detector', path, classMap: { '2': 'car' } }), 1);
    expect(info).toMatchObject({ kind: 'detector', inputName: 'image', inputShape: [1, 3, 32, 32], outputName: 'detections', classMap: { '2': 'car' } });

    const pool = new VisionWorkerPool({
      size: 1,
      queueLimit: 4,
      frameTimeoutMs: 20_000,
      initTimeoutMs: 20_000,
      init: { type: 'init', detector: { kind: 'onnx', model: info }, density: null, plates: { enabled: false } },
      entry: visionWorkerEntry(),
      log: silentLogger,
    });
    try {
      await pool.start();
      for (const t of [2, 30]) {
        const frame = await grabRgbFrame(vtest, t, 640, 360);
        let sum = 0;
        for (const v of frame) sum += v;
        const brightness = sum / frame.length / 255;
        const result = await pool.submit({ width: 640, height: 360, pixels: frame.buffer as ArrayBuffer, minScore: 0.1, tiling: noTiling, plates: false });
        expect(result!.detections).toHaveLength(1);
        const [d] = result!.detections;
        // Class index 2 mapped to "car"; the box scaled from the 32×32 input to the 640×360 frame.
        expect(d!.cls).toBe('car');
        expect(d!.box[0]).toBeCloseTo(4 * 20, 3);
        expect(d!.box[1]).toBeCloseTo(4 * 11.25, 3);
        expect(d!.box[2]).toBeCloseTo(16 * 20, 3);
        expect(d!.box[3]).toBeCloseTo(24 * 11.25, 3);
        // The score is the model's view of this frame (mean of the resized picture): close to the frame's own mean.
        expect(d!.score).toBeGreaterThan(0.1);
        expect(Math.abs(d!.score - brightness)).toBeLessThan(0.03);
      }
      // A dark frame scores under the minimum: nothing found.
      const dark = new Uint8Array(640 * 360 * 3).fill(10);
      expect((await pool.submit({ width: 640, height: 360, pixels: dark.buffer, minScore: 0.1, tiling: noTiling, plates: false }))!.detections).toEqual([]);
      // A class the map does not name is ignored.
      const other = join(tmp.dir, 'other-class.onnx');
      writeFileSync(other, brightnessDetectorModel(32, [4, 4, 20, 28], 7));
      const otherInfo = await checkModel(visionModelInputSchema.parse({ id: 'other', name: 'other', kind: 'detector', path: other, classMap: { '2': 'car' } }), 1);
      const pool2 = new VisionWorkerPool({
        size: 1,
        queueLimit: 1,
        frameTimeoutMs: 20_000,
        initTimeoutMs: 20_000,
        init: { type: 'init', detector: { kind: 'onnx', model: otherInfo }, density: null, plates: { enabled: false } },
        entry: visionWorkerEntry(),
        log: silentLogger,
      });
      try {
        await pool2.start();
        const frame = await grabRgbFrame(vtest, 2, 640, 360);
        expect((await pool2.submit({ width: 640, height: 360, pixels: frame.buffer as ArrayBuffer, minScore: 0.1, tiling: noTiling, plates: false }))!.detections).toEqual([]);
      } finally {
        await pool2.dispose();
      }
    } finally {
      await pool.dispose();
    }
  }, 60_000);
});
