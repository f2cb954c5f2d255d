import { describe, expect, it } from 'vitest';
import { silentLogger } from '../log/logger';
import { findVtest, grabRgbFrame } from './test-support/vtest';
import { builtinModelDirs, visionWorkerEntry } from './worker-entry';
import { VisionWorkerPool } from './worker-pool';

const vtest = findVtest();

describe('built-in detector (centernet on tfjs wasm, in a worker)', () => {
  it('finds the people walking in a vtest frame', async () => {
    // The clip comes from the opencv-doc Debian package, which the project's setup installs.
    if (!vtest) throw new Error('vtest.avi not found: install the opencv-doc package');
    const pool = new VisionWorkerPool({
      size: 1,
      queueLimit: 1,
      frameTimeoutMs: 20_000,
      initTimeoutMs: 25_000,
      init: { type: 'init', detector: { kind: 'builtin', ...builtinModelDirs() }, density: null, plates: { enabled: false } },
      entry: visionWorkerEntry(),
      log: silentLogger,
    });
    try {
      await pool.start();
      // t = 2 s: five people by hand (resources/vision/vtest-people-labels.json).
      const frame = await grabRgbFrame(vtest!, 2, 640, 360);
      const result = await pool.submit({ width: 640, height: 360, pixels: frame.buffer as ArrayBuffer, minScore: 0.3, tiling: { enabled: false, cols: 2, rows: 2, overlap: 0.2, includeFull: true }, plates: false });
      const people = result!.detections.filter((d) => d.cls === 'person');
      expect(people.length).toBeGreaterThanOrEqual(3);
      expect(people.length).toBeLessThanOrEqual(7);
      // The couple on the right walk at about x = 700..760 of 768, i.e. ≥ 0.85 of the width.
      expect(people.some((p) => (p.box[0] + p.box[2] / 2) / 640 > 0.85)).toBe(true);
      for (const p of people) expect(p.box.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    } finally {
      await pool.dispose();
    }
  }, 30_000);
});
