/**
 * Field bus telemetry, end to end: a gateway in another process publishes signal states over
 * CURVE; the station's FieldBusService validates each message, tracks sequences, stores it in
 * DuckDB in batches and emits coalesced UI updates. Prints messages/s with loss accounted, a
 * baseline (raw ZeroMQ receive, no validation or storage) measured in the same run, and memory
 * under a 10× burst.
 *
 *   node_modules/.bin/tsx bench/fieldbus-throughput.ts [--sustained N] [--burst N]
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
import { StoreService } from '../src/main/services/store/store-service';
import { demoAssets } from '../src/simulators/field/test-support';

const { values } = parseArgs({ options: { sustained: { type: 'string', default: '250000' }, rate: { type: 'string', default: '50000' }, burst: { type: 'string', default: '500000' } } });
const SUSTAINED = Number(values.sustained);
const RATE = Number(values.rate);
const BURST = Number(values.burst);

const gatewayKeys = curveKeyPair();
const station = curveKeyPair();
const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fieldbus-publisher.ts'), gatewayKeys.publicKey, gatewayKeys.secretKey, station.publicKey], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const lines = createInterface({ input: child.stdout! });
const replies: ((line: string) => void)[] = [];
lines.on('line', (line) => replies.shift()?.(line));
const nextLine = () => new Promise<string>((resolve) => replies.push(resolve));
const ask = async (command: string) => {
  const reply = nextLine();
  child.stdin!.write(`${command}\n`);
  return JSON.parse(await reply) as { sent: number; ms: number; refused: number };
};
const endpoints = JSON.parse(await nextLine()) as { telemetry: string; commands: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

// Baseline: the same stream into a bare CURVE subscriber that only counts frames.
async function baseline(n: number): Promise<{ perSecond: number; cpuPerMsg: number }> {
  const sub = new Subscriber({ curveServerKey: gatewayKeys.publicKey, curvePublicKey: station.publicKey, curveSecretKey: station.secretKey, receiveHighWaterMark: 2_000_000 });
  sub.connect(endpoints.telemetry);
  sub.subscribe('');
  let count = 0;
  let first = 0;
  let last = 0;
  const loop = (async () => {
    for await (const _ of sub) {
      if (count++ === 0) first = performance.now();
      last = performance.now();
    }
  })();
  await sleep(500);
  const u0 = process.cpuUsage();
  await ask(`burst ${n}`);
  const deadline = Date.now() + 30_000;
  while (count < n && Date.now() < deadline) await sleep(20);
  const u = process.cpuUsage(u0);
  sub.close();
  await loop.catch(() => {});
  return { perSecond: count / ((last - first) / 1000), cpuPerMsg: (u.user + u.system) / Math.max(1, count) };
}

// The baseline runs alone, before the station's own subscriber exists.
const raw = await baseline(SUSTAINED);

const dir = mkdtempSync(join(tmpdir(), 'ioc-bench-fieldbus-'));
const store = await StoreService.open({ path: join(dir, 'bench.duckdb'), migrations: [...coreMigrations, ...fieldMigrations] });
const recorder = new FieldRecorder(store, { batchRows: 10_000, maxDelayMs: 250 });
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
bus.connect({ ...endpoints, publicKey: gatewayKeys.publicKey });
await sleep(1_000);

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
let refusedSoFar = 0;
/** The publisher's controllers (bench/fieldbus-publisher.ts): one fence message each. */
const CONTROLLERS = 13;

/**
 * One phase: the publisher sends, then one more message per controller (a fence, so that a gap at
 * the end of the phase is seen within it), and the phase ends when every message the publisher
 * numbered is accounted for at the station: accepted, counted lost, or refused by validation.
 * Messages the publisher's own queue refused are counted there (`refused`) and reach the station
 * as sequence gaps (`lost`).
 */
async function phase(label: string, command: string) {
  const before = bus.snapshot().stats;
  const storedBefore = recorder.stored;
  const events = uiEvents;
  const loadBefore = load();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const c0 = cpuMs();
  const t0 = performance.now();
  let numbered = -1;
  const sent = ask(command).then(async (main) => {
    const fence = await ask(`burst ${CONTROLLERS}`);
    const result = { sent: main.sent + fence.sent, refused: fence.refused - refusedSoFar };
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
  refusedSoFar += result.refused;
  const cpu = cpuMs() - c0;
  await recorder.flush();
  clearInterval(sampler);
  const s = bus.snapshot().stats;
  const complete = done > 0;
  const seconds = ((complete ? done : performance.now()) - t0) / 1000;
  return {
    label,
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
const sustained = await phase(`sustained ${RATE}/s`, `paced ${SUSTAINED} ${RATE}`);
const maxRate = await phase('as fast as possible', `burst ${SUSTAINED}`);
global.gc?.();
const calmRss = process.memoryUsage().rss;
const burst = await phase(`10× burst (${BURST} at once)`, `burst ${BURST}`);
const phases = [sustained, maxRate, burst];

console.log(`\nmachine: ${cpus().length} cores, load average ${load()}`);
console.log('Field bus telemetry, end to end (CURVE → validate → sequence check → DuckDB batches → coalesced UI events)');
for (const r of phases) {
  console.log(
    `  ${r.label.padEnd(28)} ${r.seconds.toFixed(1).padStart(5)} s ${String(r.perSecond).padStart(8)} msg/s ${r.cpuPerMsg.toFixed(1).padStart(5)} CPU µs/msg  sent ${r.sent}  refused by the publisher's queue ${r.refused}  accepted ${r.accepted}  lost (counted) ${r.lost}  rejected ${r.rejected}  stored ${r.stored}  store-dropped ${r.storeDropped}  UI events ${r.uiEvents}  ${r.complete ? 'all accounted' : 'NOT ALL ACCOUNTED'}  (load ${r.load})`,
  );
}
// Every message the publisher numbered was either sent or refused by its queue; at the station each
// one must be accepted, rejected or counted lost (a refused one is a counted gap): nothing silent.
const silent = phases.filter((r) => r.sent + r.refused !== r.accepted + r.lost + r.rejected);
console.log(`  silent loss: ${silent.length === 0 ? 'none (in every phase, sent + refused by the publisher = accepted + counted lost + rejected at the station)' : `MISMATCH in ${silent.map((r) => r.label).join(', ')}`}`);
console.log(`  baseline (bare CURVE SUB, count only): ${Math.round(raw.perSecond)} msg/s, ${raw.cpuPerMsg.toFixed(1)} CPU µs/msg; pipeline / baseline = ${(maxRate.perSecond / raw.perSecond).toFixed(2)}`);
console.log(`  memory: RSS at start ${mb(baseRss)}, before burst ${mb(calmRss)}, peak during burst ${mb(burst.peakRss)} (+${mb(burst.peakRss - calmRss)}), after ${mb(process.memoryUsage().rss)}`);
console.log(`  station CPU in the sustained phase: ${sustained.cpuPerMsg.toFixed(1)} µs/msg, i.e. at most ${Math.round(1e6 / sustained.cpuPerMsg)} msg/s if the station had a core to itself`);
console.log(
  `  target ≥ 50,000 msg/s sustained with zero silent loss: ${sustained.perSecond >= 0.98 * RATE && sustained.lost === 0 && sustained.refused === 0 && sustained.complete && silent.length === 0 ? 'met' : 'NOT met'}`,
);

await ask('exit').catch(() => {});
await bus.dispose();
await recorder.dispose();
await store.dispose();
rmSync(dir, { recursive: true, force: true });
child.kill();
process.exit(0);
