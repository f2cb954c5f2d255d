/**
 * Field bus telemetry, end to end: gateways in another process publish signal states over
 * CURVE, one record per ZeroMQ message (protocol v1 frames, "single") or in batches (v2,
 * "batch"); the station's FieldBusService validates each record, tracks sequences, stores it in
 * DuckDB in batches and emits coalesced UI updates. Prints both modes in the same run with their
 * ratio: messages/s with loss accounted, station CPU µs per message, the delay batching adds,
 * a baseline (raw ZeroMQ receive, no validation or storage) for each frame layout, and memory
 * under a 10× burst.
 *
 *   node_modules/.bin/tsx bench/fieldbus-throughput.ts [--sustained N] [--rate N] [--burst N] [--light RATE] [--layout ticks|whole-text]
 *   (--layout whole-text stores every record's whole text, as the first releases did: the "before" of the store layout)
 *   (BENCH_BATCH_RECORDS, BENCH_BATCH_MS: the publisher's batch size and delay bound, default 100 and 5)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { curveKeyPair, Subscriber } from 'zeromq';
import { FieldBusService } from '../src/main/services/fieldbus/field-bus-service';
import { fieldMigrations } from '../src/main/services/fieldbus/field-migrations';
import { FieldRecorder } from '../src/main/services/fieldbus/field-recorder';
import { silentLogger } from '../src/main/services/log/logger';
import { coreMigrations } from '../src/main/services/store/migrations';
import { CONSOLE_STORE_TUNING } from '../src/main/services/store/console-tuning';
import { StoreService } from '../src/main/services/store/store-service';
import { demoAssets } from '../src/simulators/field/test-support';
import { createFullTextRecorder } from './fieldbus-full-text-recorder';

const { values } = parseArgs({ options: { sustained: { type: 'string', default: '250000' }, rate: { type: 'string', default: '50000' }, burst: { type: 'string', default: '500000' }, light: { type: 'string', default: '2000' }, layout: { type: 'string', default: 'ticks' } } });
const SUSTAINED = Number(values.sustained);
const RATE = Number(values.rate);
const BURST = Number(values.burst);
const LIGHT_RATE = Number(values.light);

const gatewayKeys = curveKeyPair();
const station = curveKeyPair();
const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fieldbus-publisher.ts'), gatewayKeys.publicKey, gatewayKeys.secretKey, station.publicKey], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const lines = createInterface({ input: child.stdout! });
const replies: ((line: string) => void)[] = [];
lines.on('line', (line) => replies.shift()?.(line));
const nextLine = () => new Promise<string>((resolve) => replies.push(resolve));
interface Reply {
  sent: number;
  ms: number;
  refused: number;
  batches: number;
  batchRecords: number;
  waitP50: number;
  waitP99: number;
  waitMax: number;
}
const ask = async (command: string) => {
  const reply = nextLine();
  child.stdin!.write(`${command}\n`);
  return JSON.parse(await reply) as Reply;
};
type Mode = 'single' | 'batch';
type Endpoints = { telemetry: string; commands: string };
const ready = JSON.parse(await nextLine()) as { single: Endpoints; batch: Endpoints; batchRecords: number; batchMs: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

// Baseline: the same stream into a bare CURVE subscriber that only counts frames.
// For batches it counts the records (newlines + 1): the frame layout's own cost, nothing else.
async function baseline(n: number, mode: Mode): Promise<{ perSecond: number; cpuPerMsg: number; load: string }> {
  const sub = new Subscriber({ curveServerKey: gatewayKeys.publicKey, curvePublicKey: station.publicKey, curveSecretKey: station.secretKey, receiveHighWaterMark: 2_000_000 });
  sub.connect(ready[mode].telemetry);
  sub.subscribe('');
  let count = 0;
  let first = 0;
  let last = 0;
  const loop = (async () => {
    for await (const frames of sub) {
      if (count === 0) first = performance.now();
      if (frames.length === 3) {
        const body = frames[2]!;
        count++;
        for (let at = body.indexOf(10); at >= 0; at = body.indexOf(10, at + 1)) count++;
      } else count++;
      last = performance.now();
    }
  })();
  await sleep(500);
  const l0 = load();
  const u0 = process.cpuUsage();
  await ask(`burst ${n} ${mode}`);
  const deadline = Date.now() + 30_000;
  while (count < n && Date.now() < deadline) await sleep(20);
  const u = process.cpuUsage(u0);
  sub.close();
  await loop.catch(() => {});
  return { perSecond: count / ((last - first) / 1000), cpuPerMsg: (u.user + u.system) / Math.max(1, count), load: `${l0} → ${load()}` };
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
// The baselines run alone, before the station's own subscribers exist.
const raw = { single: await baseline(SUSTAINED, 'single'), batch: await baseline(SUSTAINED, 'batch') };

const dir = mkdtempSync(join(tmpdir(), 'ioc-bench-fieldbus-'));
// The store as the console opens it.
const store = await StoreService.open({ path: join(dir, 'bench.duckdb'), migrations: [...coreMigrations, ...fieldMigrations], ...CONSOLE_STORE_TUNING });
if (values.layout !== 'ticks' && values.layout !== 'whole-text') throw new Error('--layout is ticks or whole-text');
const recorder = values.layout === 'ticks' ? new FieldRecorder(store, { batchRows: 10_000, maxDelayMs: 250 }) : await createFullTextRecorder(store, 10_000, 250);
const bus = new FieldBusService({
  assets: demoAssets(),
  keys: station,
  trustedGateways: new Set([gatewayKeys.publicKey]),
  audit: { append: async () => {} },
  log: silentLogger,
  recorder,
  updateIntervalMs: 250,
});
let uiEvents = 0;
bus.onDidUpdate(() => uiEvents++);
bus.connect({ ...ready.single, publicKey: gatewayKeys.publicKey });
bus.connect({ ...ready.batch, publicKey: gatewayKeys.publicKey, batchRecords: ready.batchRecords });
// Age of each accepted message at the station (controller clock → station, ms): wraps the
// receivers' callback, so it sees exactly what the station accepts.
let ages: number[] = [];
const ingest = (bus as unknown as { ingest: (...args: unknown[]) => void }).ingest.bind(bus);
(bus as unknown as { ingest: (key: string, message: { ts: number }, text: string) => void }).ingest = (key, message, text) => {
  ages.push(Date.now() - message.ts);
  ingest(key, message, text);
};
await sleep(1_000);

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** The publisher's controllers (bench/fieldbus-publisher.ts): one fence message each. */
const CONTROLLERS = 13;

/**
 * One phase: the publisher sends, then one more message per controller (a fence, so that a gap at
 * the end of the phase is seen within it), and the phase ends when every message the publisher
 * numbered is accounted for at the station: accepted, counted lost, or refused by validation.
 * Messages the publisher's own queue refused are counted there (`refused`) and reach the station
 * as sequence gaps (`lost`).
 */
async function phase(label: string, command: string, mode: Mode) {
  const before = bus.snapshot().stats;
  const storedBefore = recorder.stored;
  const events = uiEvents;
  const loadBefore = load();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  ages = [];
  const c0 = cpuMs();
  const t0 = performance.now();
  let numbered = -1;
  const sent = ask(`${command} ${mode}`).then(async (main) => {
    const fence = await ask(`burst ${CONTROLLERS} ${mode}`);
    const result = { sent: main.sent + fence.sent, refused: main.refused + fence.refused, main };
    numbered = result.sent + result.refused;
    return result;
  });
  const deadline = Date.now() + 120_000;
  let accounted = 0;
  let done = 0;
  let lastChange = performance.now();
  while (Date.now() < deadline) {
    const s = bus.snapshot().stats;
    const now = s.accepted - before.accepted + (s.lost - before.lost) + rejectedOf(s) - rejectedOf(before);
    if (now !== accounted) lastChange = performance.now();
    accounted = now;
    if (numbered >= 0 && accounted >= numbered) {
      done = performance.now();
      break;
    }
    if (numbered >= 0 && performance.now() - lastChange > 5_000) break;
    await sleep(5);
  }
  const result = await sent;
  // The phase's CPU includes storing its records: a store that lags would otherwise bill its backlog to the next phase.
  await recorder.flush();
  const cpu = cpuMs() - c0;
  const sortedAges = ages.sort((a, b) => a - b);
  const age = (q: number) => sortedAges[Math.min(sortedAges.length - 1, Math.floor(q * sortedAges.length))] ?? NaN;
  clearInterval(sampler);
  const s = bus.snapshot().stats;
  const complete = done > 0;
  const seconds = ((complete ? done : performance.now()) - t0) / 1000;
  return {
    label,
    mode,
    batches: result.main.batches,
    wait: { p50: result.main.waitP50, p99: result.main.waitP99, max: result.main.waitMax },
    age: { p50: age(0.5), p99: age(0.99), max: age(1) },
    sent: result.sent,
    refused: result.refused,
    accepted: s.accepted - before.accepted,
    lost: s.lost - before.lost,
    rejected: rejectedOf(s) - rejectedOf(before),
    stored: recorder.stored - storedBefore,
    storeDropped: s.storeDropped - before.storeDropped,
    uiEvents: uiEvents - events,
    seconds,
    perSecond: Math.round(accounted / seconds),
    cpuPerMsg: (cpu * 1000) / Math.max(1, accounted),
    peakRss,
    complete,
    load: `${loadBefore} → ${load()}`,
  };
}

function rejectedOf(s: ReturnType<FieldBusService['snapshot']>['stats']): number {
  return s.malformed + s.invalid + s.oversized + s.unknownVersion;
}

const baseRss = process.memoryUsage().rss;
// Single and batched alternate, so that both see much the same load on this shared machine.
const sustainedSingle = await phase(`sustained ${RATE}/s, single`, `paced ${SUSTAINED} ${RATE}`, 'single');
const sustainedBatch = await phase(`sustained ${RATE}/s, batched`, `paced ${SUSTAINED} ${RATE}`, 'batch');
const maxSingle = await phase('as fast as possible, single', `burst ${SUSTAINED}`, 'single');
const maxBatch = await phase('as fast as possible, batched', `burst ${SUSTAINED}`, 'batch');
await recorder.flush();
global.gc?.();
await sleep(500);
const calmRss = process.memoryUsage().rss;
const burst = await phase(`10× burst (${BURST}), batched`, `burst ${BURST}`, 'batch');
// The delay batching adds, where the station keeps up (no queueing): a light stream in each mode.
const lightSingle = await phase(`light ${LIGHT_RATE}/s, single`, `paced ${LIGHT_RATE * 3} ${LIGHT_RATE}`, 'single');
const lightBatch = await phase(`light ${LIGHT_RATE}/s, batched`, `paced ${LIGHT_RATE * 3} ${LIGHT_RATE}`, 'batch');
const phases = [sustainedSingle, sustainedBatch, maxSingle, maxBatch, burst, lightSingle, lightBatch];

console.log(`\nmachine: ${cpus().length} cores, load average ${load()}`);
console.log(`Field bus telemetry, end to end (CURVE → validate → sequence check → DuckDB batches → coalesced UI events); batches of ≤ ${ready.batchRecords} records, ≤ ${ready.batchMs} ms; store layout: ${values.layout}`);
for (const r of phases) {
  console.log(
    `  ${r.label.padEnd(32)} ${r.seconds.toFixed(1).padStart(5)} s ${String(r.perSecond).padStart(8)} msg/s ${r.cpuPerMsg.toFixed(1).padStart(5)} CPU µs/msg  sent ${r.sent}  refused by the publisher's queue ${r.refused}  accepted ${r.accepted}  lost (counted) ${r.lost}  rejected ${r.rejected}  stored ${r.stored}  store-dropped ${r.storeDropped}  UI events ${r.uiEvents}  ${r.complete ? 'all accounted' : 'NOT ALL ACCOUNTED'}  (load ${r.load})`,
  );
  const batching = r.mode === 'batch' ? `${r.batches} batches (${(r.sent / Math.max(1, r.batches)).toFixed(0)} records each); wait in the batcher p50 ${r.wait.p50.toFixed(1)} ms, p99 ${r.wait.p99.toFixed(1)} ms, max ${r.wait.max.toFixed(1)} ms; ` : '';
  console.log(`  ${''.padEnd(32)} ${batching}age at the station (publisher clock → accepted) p50 ${r.age.p50} ms, p99 ${r.age.p99} ms, max ${r.age.max} ms`);
}
const ratio = (b: { perSecond: number; cpuPerMsg: number }, s: { perSecond: number; cpuPerMsg: number }) =>
  `${(b.perSecond / s.perSecond).toFixed(2)}× the msg/s, ${(s.cpuPerMsg / b.cpuPerMsg).toFixed(2)}× less CPU per message`;
console.log(`  batched / single, sustained: ${ratio(sustainedBatch, sustainedSingle)}; as fast as possible: ${ratio(maxBatch, maxSingle)}`);
console.log(
  `  added delay at ${LIGHT_RATE}/s (station keeping up), batched − single: age p50 ${(lightBatch.age.p50 - lightSingle.age.p50).toFixed(0)} ms, p99 ${(lightBatch.age.p99 - lightSingle.age.p99).toFixed(0)} ms; in the batcher p50 ${lightBatch.wait.p50.toFixed(1)} ms, p99 ${lightBatch.wait.p99.toFixed(1)} ms, max ${lightBatch.wait.max.toFixed(1)} ms (bound ${ready.batchMs} ms + timer lateness); at ${RATE}/s p99 ${sustainedBatch.wait.p99.toFixed(1)} ms`,
);
// Every message the publisher numbered was either sent or refused by its queue; at the station each
// one must be accepted, rejected or counted lost (a refused one is a counted gap): nothing silent.
const silent = phases.filter((r) => r.sent + r.refused !== r.accepted + r.lost + r.rejected);
console.log(`  silent loss: ${silent.length === 0 ? 'none (in every phase, sent + refused by the publisher = accepted + counted lost + rejected at the station)' : `MISMATCH in ${silent.map((r) => r.label).join(', ')}`}`);
for (const mode of ['single', 'batch'] as const) {
  const b = raw[mode];
  const max = mode === 'single' ? maxSingle : maxBatch;
  console.log(`  baseline ${mode.padEnd(6)} (bare CURVE SUB, count only): ${Math.round(b.perSecond)} msg/s, ${b.cpuPerMsg.toFixed(1)} CPU µs/msg (load ${b.load}); pipeline / baseline = ${(max.perSecond / b.perSecond).toFixed(2)}`);
}
console.log(`  memory: RSS at start ${mb(baseRss)}, before burst ${mb(calmRss)}, peak during burst ${mb(burst.peakRss)} (+${mb(burst.peakRss - calmRss)}), after ${mb(process.memoryUsage().rss)}`);
for (const sustained of [sustainedSingle, sustainedBatch]) {
  console.log(
    `  ${sustained.mode.padEnd(6)}: station CPU in the sustained phase ${sustained.cpuPerMsg.toFixed(1)} µs/msg, i.e. at most ${Math.round(1e6 / sustained.cpuPerMsg)} msg/s on a core of its own; target ≥ 50,000 msg/s sustained with zero silent loss: ${sustained.perSecond >= 0.98 * RATE && sustained.lost === 0 && sustained.refused === 0 && sustained.complete && silent.length === 0 ? 'met' : 'NOT met'}`,
  );
}

// The publisher answers "exit" by leaving, not with a line: do not wait for one.
child.stdin!.write('exit\n');
await bus.dispose();
await recorder.dispose();
await store.dispose();
rmSync(dir, { recursive: true, force: true });
child.kill();
process.exit(0);
