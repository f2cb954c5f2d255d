/**
 * Camera analytics speed and counting accuracy, measured on this machine:
 *  - ms per 640×360 frame in one worker, frames/s per worker, and end-to-end frames/s through
 *    the pool (1 and 2 workers, every frame submitted at once, no drops), for people and
 *    vehicles, with and without tiling (2×2 overlapping tiles + the whole frame);
 *  - people counting error against resources/vision/vtest-people-labels.json.
 * Run: npm run bench:vision   (needs vtest.avi from Debian's opencv-doc)
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { type TilingSettings, vehicleClasses } from '../src/shared/domain/vision';
import { silentLogger } from '../src/main/services/log/logger';
import { findVtest, grabRgbFrame } from '../src/main/services/vision/test-support/vtest';
import { builtinModelDirs, visionWorkerEntry } from '../src/main/services/vision/worker-entry';
import { type FrameResult, VisionWorkerPool } from '../src/main/services/vision/worker-pool';

const W = 640;
const H = 360;
const labels = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'resources', 'vision', 'vtest-people-labels.json'), 'utf8')) as { frames: { timeS: number; people: number }[] };
const off: TilingSettings = { enabled: false, cols: 2, rows: 2, overlap: 0.2, includeFull: true };
const tiled: TilingSettings = { enabled: true, cols: 2, rows: 2, overlap: 0.2, includeFull: true };
const MIN_SCORES = [0.25, 0.3, 0.35, 0.4];

async function makePool(size: number): Promise<VisionWorkerPool> {
  const pool = new VisionWorkerPool({
    size,
    queueLimit: 1000,
    frameTimeoutMs: 120_000,
    initTimeoutMs: 120_000,
    init: { type: 'init', detector: { kind: 'builtin', ...builtinModelDirs() }, density: null, plates: { enabled: false } },
    entry: visionWorkerEntry(),
    log: silentLogger,
  });
  await pool.start();
  return pool;
}

/** Submits every frame at once (copies, since a transfer empties the buffer) and waits for all. */
async function runAll(pool: VisionWorkerPool, frames: Uint8Array[], tiling: TilingSettings, minScore: number): Promise<{ results: FrameResult[]; wallMs: number }> {
  const start = performance.now();
  const results = await Promise.all(
    frames.map((f) => {
      const job = pool.submit({ width: W, height: H, pixels: f.slice().buffer, minScore, tiling, plates: false });
      if (!job) throw new Error('dropped');
      return job;
    }),
  );
  return { results, wallMs: performance.now() - start };
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const fmt = (n: number, d = 1): string => n.toFixed(d);

async function main(): Promise<void> {
  const vtest = findVtest();
  if (!vtest) throw new Error('vtest.avi not found: install the opencv-doc package');
  console.log(`vision-counting bench: ${labels.frames.length} labelled vtest frames at ${W}×${H}, ${availableParallelism()} CPUs, node ${process.version}`);
  const frames = await Promise.all(labels.frames.map((f) => grabRgbFrame(vtest, f.timeS, W, H)));
  const truth = labels.frames.map((f) => f.people);

  const rows: string[] = [];
  const accuracy: string[] = [];
  for (const workers of [1, 2]) {
    const loadStart = performance.now();
    const pool = await makePool(workers);
    const loadMs = performance.now() - loadStart;
    for (const [name, tiling] of [['no tiling', off], ['2×2 tiles + full', tiled]] as const) {
      // The detector is one model for both tasks; the task only filters classes, so "vehicles" measures the same cost
      // with its own filter, and accuracy is measured on people (the labels).
      for (const task of ['people', 'vehicles'] as const) {
        const { results, wallMs } = await runAll(pool, frames, tiling, 0.3);
        const msPer = mean(results.map((r) => r.ms));
        const e2e = (frames.length / wallMs) * 1000;
        const wanted = new Set<string>(task === 'people' ? ['person'] : vehicleClasses);
        const found = mean(results.map((r) => r.detections.filter((d) => wanted.has(d.cls)).length));
        rows.push(`| ${task} | ${workers} | ${name} | ${fmt(msPer, 0)} | ${fmt(1000 / msPer, 2)} | ${fmt(e2e, 2)} | ${fmt(e2e / workers, 2)} | ${fmt(found, 2)} |`);
      }
      if (workers === 1) {
        for (const minScore of MIN_SCORES) {
          const { results } = await runAll(pool, frames, tiling, minScore);
          const predicted = results.map((r) => r.detections.filter((d) => d.cls === 'person').length);
          const mae = mean(predicted.map((p, i) => Math.abs(p - truth[i]!)));
          const bias = mean(predicted.map((p, i) => p - truth[i]!));
          const total = Math.abs(predicted.reduce((a, b) => a + b, 0) - truth.reduce((a, b) => a + b, 0)) / truth.reduce((a, b) => a + b, 0);
          accuracy.push(`| ${name} | ${minScore} | ${fmt(mae, 2)} | ${fmt((100 * mae) / mean(truth))} % | ${fmt(bias, 2)} | ${fmt(100 * total)} % | ${predicted.join(' ')} |`);
        }
      }
    }
    await pool.dispose();
    console.log(`pool of ${workers}: models loaded in ${fmt(loadMs, 0)} ms`);
  }
  console.log('\n## Speed (640×360, centernet on tfjs-wasm, one frame at a time per worker)\n');
  console.log('| task | workers | tiling | ms/frame in worker | frames/s per worker | frames/s end to end | end to end per worker | objects found/frame |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(r);
  console.log(`\n## People counting vs hand labels (mean ${fmt(mean(truth), 2)} people/frame: ${truth.join(' ')})\n`);
  console.log('| tiling | min score | MAE/frame | error % (MAE / mean) | bias/frame | total-count error | predicted |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of accuracy) console.log(r);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
