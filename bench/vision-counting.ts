/**
 * Camera analytics speed and counting accuracy, measured on this machine:
 *  - ms per 640×360 frame in one worker, frames/s per worker, and end-to-end frames/s through
 *    the pool (1 and 2 workers, every frame submitted at once, no drops), for people and
 *    vehicles, with and without tiling (2×2 overlapping tiles + the whole frame);
 *  - CPU ms per frame with one worker (user + system of this process while only that worker
 *    computes): what a frame costs a core, unlike wall time, which also counts waiting for a core
 *    when other jobs share the machine; the load average is printed beside every speed row;
 *  - the first frames after the models load (the warm-up cost a camera would see);
 *  - people counting error against resources/vision/vtest-people-labels.json.
 * Both tasks run the same detector on the same frames (the task only filters classes at the
 * station), so each speed row is measured twice, in alternating task order after a warm-up,
 * and the median of the per-frame times is printed: an earlier version measured "people" first
 * after each pool start and charged it the warm-up, which made it look slower than "vehicles".
 * Run: npm run bench:vision   (needs vtest.avi from Debian's opencv-doc)
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
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
async function runAll(pool: VisionWorkerPool, frames: Uint8Array[], tiling: TilingSettings, minScore: number): Promise<{ results: FrameResult[]; wallMs: number; cpuMs: number }> {
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  const results = await Promise.all(
    frames.map((f) => {
      const job = pool.submit({ width: W, height: H, pixels: f.slice().buffer, minScore, tiling, plates: false });
      if (!job) throw new Error('dropped');
      return job;
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  return { results, wallMs: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** One frame at a time, in order, the first `n` after a fresh pool start: what a new camera's first frames cost. */
async function firstFrames(frames: Uint8Array[], n: number): Promise<{ loadMs: number; ms: number[] }> {
  const loadStart = performance.now();
  const pool = await makePool(1);
  const loadMs = performance.now() - loadStart;
  const ms: number[] = [];
  for (const f of frames.slice(0, n)) {
    const r = await pool.submit({ width: W, height: H, pixels: f.slice().buffer, minScore: 0.35, tiling: off, plates: false });
    ms.push(r!.ms);
  }
  await pool.dispose();
  return { loadMs, ms };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');

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
  const first = await firstFrames(frames, 6);
  for (const workers of [1, 2]) {
    const loadStart = performance.now();
    const pool = await makePool(workers);
    const loadMs = performance.now() - loadStart;
    // Warm-up outside the measurement: every worker sees a few frames first.
    await runAll(pool, frames.slice(0, 2 * workers), off, 0.35);
    for (const [name, tiling] of [['no tiling', off], ['2×2 tiles + full', tiled]] as const) {
      // The detector is one model for both tasks; the task only filters classes, so "vehicles" measures the same cost
      // with its own filter, and accuracy is measured on people (the labels). Two rounds in alternating order.
      const runs = new Map<string, { ms: number[]; e2e: number[]; cpu: number[]; found: number[]; load: string[] }>();
      for (const order of [['people', 'vehicles'], ['vehicles', 'people']] as const) {
        for (const task of order) {
          const { results, wallMs, cpuMs } = await runAll(pool, frames, tiling, 0.3);
          const wanted = new Set<string>(task === 'people' ? ['person'] : vehicleClasses);
          const r = runs.get(task) ?? runs.set(task, { ms: [], e2e: [], cpu: [], found: [], load: [] }).get(task)!;
          r.ms.push(...results.map((x) => x.ms));
          r.e2e.push((frames.length / wallMs) * 1000);
          r.cpu.push(cpuMs / frames.length);
          r.found.push(mean(results.map((x) => x.detections.filter((d) => wanted.has(d.cls)).length)));
          r.load.push(load());
        }
      }
      for (const task of ['people', 'vehicles'] as const) {
        const r = runs.get(task)!;
        const msPer = median(r.ms);
        const e2e = mean(r.e2e);
        // This process's CPU time per frame (the main thread only waits): what one frame costs, whichever worker ran it.
        const cpuPer = mean(r.cpu);
        rows.push(
          `| ${task} | ${workers} | ${name} | ${fmt(msPer, 0)} | ${fmt(mean(r.ms), 0)} | ${fmt(1000 / msPer, 2)} | ${fmt(cpuPer, 0)} | ${fmt(1000 / cpuPer, 2)} | ${fmt(e2e, 2)} | ${fmt(e2e / workers, 2)} | ${fmt(mean(r.found), 2)} | ${r.load.join(' / ')} |`,
        );
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
  console.log(`\n## First frames after the models load (one worker, loaded in ${fmt(first.loadMs, 0)} ms; load average ${load()})\n`);
  console.log(`ms per frame, in order: ${first.ms.map((m) => fmt(m, 0)).join(' ')} (steady state: the median below)`);
  console.log(`\n## Speed (640×360, centernet on tfjs-wasm, one frame at a time per worker; ${availableParallelism()} CPUs)\n`);
  console.log('| task | workers | tiling | ms/frame in worker (median) | (mean) | frames/s per worker | CPU ms/frame | frames/s per core (CPU) | frames/s end to end | end to end per worker | objects found/frame | load average at each round |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
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
