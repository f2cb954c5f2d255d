import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type VisionCounts, type VisionState, visionModelInputSchema, visionSettingsSchema } from '../../../shared/domain/vision';
import { silentLogger } from '../log/logger';
import { makeTempDir, waitUntil } from '../store/test-support';
import { CameraAnalysis } from './camera-analysis';
import { checkModel } from './model-check';
import { brightnessDetectorModel } from './test-support/tiny-onnx';
import { visionWorkerEntry } from './worker-entry';
import { type FrameJob, VisionWorkerPool } from './worker-pool';

const tmp = makeTempDir('ioc-vision-shared-pool-');
afterAll(() => tmp.cleanup());

/** A 160×90 clip of one flat colour, encoded by ffmpeg: a real file for a real ffmpeg frame source. */
function clip(name: string, colour: string, seconds: number): string {
  const file = join(tmp.dir, name);
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `color=c=${colour}:size=160x90:rate=25:duration=${seconds}`, '-pix_fmt', 'yuv420p', file]);
  return file;
}

describe('two cameras sharing one worker pool', () => {
  it('interleaves their frames, keeps each camera’s tracks and counts apart, and counts drops per camera', async () => {
    // The detector (written by the test) sees one person whose score is the picture's brightness:
    // the white camera has a person in every frame, the black one never does.
    const model = join(tmp.dir, 'brightness.onnx');
    writeFileSync(model, brightnessDetectorModel(32, [8, 8, 24, 30], 0));
    const info = await checkModel(visionModelInputSchema.parse({ id: 'b', name: 'brightness', kind: 'detector', path: model, classMap: { '0': 'person' } }), 1);
    const pool = new VisionWorkerPool({
      size: 1,
      queueLimit: 1,
      frameTimeoutMs: 20_000,
      initTimeoutMs: 20_000,
      init: { type: 'init', detector: { kind: 'onnx', model: info }, density: null, plates: { enabled: false } },
      entry: visionWorkerEntry(),
      log: silentLogger,
    });
    await pool.start();

    // Each camera gets the shared pool through a thin wrapper that notes whose frame finished when.
    const finished: string[] = [];
    const via = (cameraId: string): VisionWorkerPool =>
      ({
        submit: (job: FrameJob) => {
          const p = pool.submit(job);
          return p && p.then((r) => (finished.push(cameraId), r));
        },
        stats: () => pool.stats(),
      }) as unknown as VisionWorkerPool;

    const settings = visionSettingsSchema.parse({ enabled: true, tasks: ['people'], fps: 5, width: 160, height: 90, minScore: 0.3 });
    const states = new Map<string, VisionState>();
    const counts = new Map<string, VisionCounts[]>();
    const camera = (cameraId: string, input: string, live: boolean): CameraAnalysis =>
      new CameraAnalysis({
        cameraId,
        input,
        settings,
        pool: via(cameraId),
        clock: { now: () => Date.now() },
        log: silentLogger,
        live,
        events: {
          state: (s) => states.set(s.cameraId, s),
          detections: () => undefined,
          counts: (c) => counts.set(c.cameraId, [...(counts.get(c.cameraId) ?? []), c]),
          alert: () => undefined,
          plate: () => undefined,
          analytics: () => undefined,
          flow: () => undefined,
        },
      });
    // "white" plays like a camera (real time, 5 fps); "black" is a file decoded as fast as ffmpeg can,
    // so it floods the pool (one worker, one queued frame) and has frames dropped.
    const white = camera('cam-white', clip('white.mp4', 'white', 30), true);
    // Long enough (600 frames at 5 fps) that it is still flooding while the white camera plays.
    const black = camera('cam-black', clip('black.mp4', 'black', 120), false);
    try {
      white.start();
      black.start();
      await waitUntil(() => (states.get('cam-white')?.framesAnalysed ?? 0) >= 8 && (states.get('cam-black')?.framesIn ?? 0) >= 100, 30_000);
    } finally {
      await black.stop();
      await white.stop();
    }
    const w = white.state();
    const b = black.state();
    await pool.dispose();

    // Interleaved: each camera's frames finished both before and after the other's.
    const firstWhite = finished.indexOf('cam-white');
    const firstBlack = finished.indexOf('cam-black');
    expect(firstWhite).toBeGreaterThanOrEqual(0);
    expect(firstBlack).toBeGreaterThanOrEqual(0);
    expect(finished.lastIndexOf('cam-white')).toBeGreaterThan(firstBlack);
    expect(finished.lastIndexOf('cam-black')).toBeGreaterThan(firstWhite);

    // Separate state: the white camera saw one person (one track, counted once), the black none.
    const lastWhite = counts.get('cam-white')!.at(-1)!;
    const lastBlack = counts.get('cam-black')!.at(-1)!;
    expect(lastWhite.frame).toEqual({ person: 1 });
    expect(lastWhite.unique).toEqual({ person: 1 });
    expect(lastBlack.frame).toEqual({});
    expect(lastBlack.unique).toEqual({});
    expect(counts.get('cam-black')!.every((c) => c.cameraId === 'cam-black' && Object.keys(c.frame).length === 0)).toBe(true);

    // Drops are the flooding camera's, counted on it, and the pool's total is the sum of the cameras'.
    expect(b.drops).toBeGreaterThan(0);
    expect(w.drops + b.drops).toBe(pool.stats().drops);
    // Every frame in is analysed or dropped, but for at most the two (one worker, one queued) still in flight at stop.
    for (const s of [w, b]) {
      expect(s.framesAnalysed + s.drops).toBeLessThanOrEqual(s.framesIn);
      expect(s.framesIn - s.framesAnalysed - s.drops).toBeLessThanOrEqual(2);
    }
    expect(w.framesAnalysed).toBeGreaterThanOrEqual(8);
  }, 60_000);
});
