import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultVisionSettings } from '../../../shared/domain/vision';
import { silentLogger } from '../log/logger';
import { findVtest, grabRgbFrame } from './test-support/vtest';
import { builtinModelDirs, visionWorkerEntry } from './worker-entry';
import { VisionWorkerPool } from './worker-pool';

const labels = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', '..', 'resources', 'vision', 'vtest-people-labels.json'), 'utf8')) as {
  frames: { timeS: number; people: number }[];
};

/** Mean absolute per-frame error over the mean labelled count, in %: the "counting error". */
function countingError(predicted: readonly number[], truth: readonly number[]): number {
  if (predicted.length !== truth.length || truth.length === 0) throw new Error('one prediction per labelled frame');
  const mae = predicted.reduce((a, p, i) => a + Math.abs(p - truth[i]!), 0) / truth.length;
  const meanTruth = truth.reduce((a, b) => a + b, 0) / truth.length;
  return (100 * mae) / meanTruth;
}

describe('people counting accuracy on the hand-labelled vtest frames', () => {
  it('measures the error as MAE over the mean count (and would fail a bad detector)', () => {
    expect(countingError([5, 6], [5, 6])).toBe(0);
    expect(countingError([4, 8], [5, 5])).toBeCloseTo(40);
    expect(countingError([0, 0, 0], [5, 6, 7])).toBe(100);
  });

  it('counts people within 15 % of the labels with the default settings', async () => {
    const vtest = findVtest();
    if (!vtest) throw new Error('vtest.avi not found: install the opencv-doc package');
    const settings = defaultVisionSettings();
    const frames = await Promise.all(labels.frames.map((f) => grabRgbFrame(vtest, f.timeS, settings.width, settings.height)));
    const pool = new VisionWorkerPool({
      size: 1,
      queueLimit: frames.length,
      frameTimeoutMs: 30_000,
      initTimeoutMs: 30_000,
      init: { type: 'init', detector: { kind: 'builtin', ...builtinModelDirs() }, density: null, plates: { enabled: false } },
      entry: visionWorkerEntry(),
      log: silentLogger,
    });
    try {
      await pool.start();
      const results = await Promise.all(
        frames.map((f) => pool.submit({ width: settings.width, height: settings.height, pixels: f.buffer as ArrayBuffer, minScore: settings.minScore, tiling: settings.tiling, plates: false })!),
      );
      const predicted = results.map((r) => r.detections.filter((d) => d.cls === 'person').length);
      const error = countingError(
        predicted,
        labels.frames.map((f) => f.people),
      );
      // Printed so the figure is visible in the test log (bench/vision-counting.ts prints the full table).
      console.info(`vtest people counting error ${error.toFixed(1)} % (predicted ${predicted.join(' ')})`);
      expect(labels.frames.length).toBe(20);
      expect(error).toBeLessThanOrEqual(15);
    } finally {
      await pool.dispose();
    }
  }, 120_000);
});
