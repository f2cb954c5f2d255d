import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../log/logger';
import { waitUntil } from '../store/test-support';
import { visionWorkerEntry } from './worker-entry';
import { type FrameJob, VisionWorkerPool } from './worker-pool';

const tiling = { enabled: false, cols: 2, rows: 2, overlap: 0.2, includeFull: true };
const frame = (fault?: 'crash' | 'hang', w = 8, h = 4): FrameJob => ({ width: w, height: h, pixels: new ArrayBuffer(w * h * 3), minScore: 0.3, tiling, plates: false, fault });

let pool: VisionWorkerPool | null = null;
afterEach(async () => {
  await pool?.dispose();
  pool = null;
});

function makePool(size: number, queueLimit: number, frameTimeoutMs = 5_000): VisionWorkerPool {
  // No detector: what is under test is the pool's plumbing, not a model.
  pool = new VisionWorkerPool({
    size,
    queueLimit,
    frameTimeoutMs,
    initTimeoutMs: 20_000,
    init: { type: 'init', detector: { kind: 'none' }, density: null, plates: { enabled: false } },
    entry: visionWorkerEntry(),
    log: silentLogger,
    allowFaults: true,
  });
  return pool;
}

describe('VisionWorkerPool', () => {
  it('moves a frame to the worker by transfer: the sender keeps a detached, empty buffer', async () => {
    const p = makePool(1, 1);
    await p.start();
    const job = frame();
    expect(job.pixels.byteLength).toBe(96);
    const result = p.submit(job);
    expect(job.pixels.byteLength).toBe(0);
    await expect(result).resolves.toMatchObject({ type: 'result', detections: [] });
  }, 30_000);

  it('drops and counts frames when every worker is busy and the queue is full', async () => {
    const p = makePool(1, 1);
    await p.start();
    const accepted = [p.submit(frame()), p.submit(frame())];
    const dropped = [p.submit(frame()), p.submit(frame())];
    expect(accepted.every((x) => x !== null)).toBe(true);
    expect(dropped).toEqual([null, null]);
    expect(p.stats()).toMatchObject({ drops: 2, queued: 1, busy: 1 });
    await Promise.all(accepted);
    expect(p.stats()).toMatchObject({ drops: 2, queued: 0, busy: 0 });
  }, 30_000);

  it('reports a corrupt frame as an error of that frame and keeps the worker', async () => {
    const p = makePool(1, 1);
    await p.start();
    await expect(p.submit({ ...frame(), pixels: new ArrayBuffer(5) })).rejects.toThrow(/needs 96 bytes, got 5/);
    await expect(p.submit(frame())).resolves.toMatchObject({ type: 'result' });
    expect(p.stats().restarts).toBe(0);
  }, 30_000);

  it('replaces a worker that crashes, and the next frames are analysed', async () => {
    const p = makePool(1, 2);
    await p.start();
    await expect(p.submit(frame('crash'))).rejects.toThrow(/crash|exited/);
    await waitUntil(() => p.stats().workers === 1, 20_000);
    await expect(p.submit(frame())).resolves.toMatchObject({ type: 'result' });
    expect(p.stats()).toMatchObject({ restarts: 1, crashes: 1 });
  }, 40_000);

  it('terminates a worker that hangs past the timeout and carries on with a new one', async () => {
    const p = makePool(1, 2, 500);
    await p.start();
    const started = Date.now();
    await expect(p.submit(frame('hang'))).rejects.toThrow(/longer than 500 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
    await waitUntil(() => p.stats().workers === 1, 20_000);
    await expect(p.submit(frame())).resolves.toMatchObject({ type: 'result' });
    expect(p.stats()).toMatchObject({ restarts: 1, timeouts: 1 });
  }, 40_000);
});
