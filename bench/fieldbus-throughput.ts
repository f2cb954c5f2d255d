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
import { tmpdir } from 'node:os';
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
async function baseline(n: number): Promise<number> {
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
  await ask(`burst ${n}`);
  const deadline = Date.now() + 30_000;
  while (count < n && Date.now() < deadline) await sleep(20);
  sub.close();
  await loop.catch(() => {});
  return count / ((last - first) / 1000);
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

async function phase(label: string, command: string, expected: number) {
  const before = bus.snapshot().stats;
  const storedBefore = recorder.stored;
  const events = uiEvents;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const sent = ask(command);
  const deadline = Date.now() + 120_000;
  let accounted = 0;
  let done = 0;
  while (Date.now() < deadline) {
    const s = bus.snapshot().stats;
    accounted = s.accepted - before.accepted + (s.lost - before.lost);
    if (accounted >= expected) {
      done = performance.now();
      break;
    }
    await sleep(5);
  }
  const publisher = await sent;
  await recorder.flush();
  // If this phase fell behind, let its tail arrive before the next phase starts counting.
  for (let last = -1, quiet = 0; quiet < 10 && Date.now() < deadline + 60_000; await sleep(100)) {
    const now = bus.snapshot().stats.received;
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
  clearInterval(sampler);
  const s = bus.snapshot().stats;
  const seconds = (done - t0) / 1000;
  return {
    label,
    sent: publisher.sent,
    accepted: s.accepted - before.accepted,
    lost: s.lost - before.lost,
    rejected: s.malformed + s.invalid + s.oversized + s.unknownVersion - (before.malformed + before.invalid + before.oversized + before.unknownVersion),
    stored: recorder.stored - storedBefore,
    storeDropped: s.storeDropped - before.storeDropped,
    uiEvents: uiEvents - events,
    seconds,
    perSecond: Math.round(accounted / seconds),
    peakRss,
    complete: accounted >= expected,
  };
}

const baseRss = process.memoryUsage().rss;
const sustained = await phase(`sustained ${RATE}/s`, `paced ${SUSTAINED} ${RATE}`, SUSTAINED);
const maxRate = await phase('as fast as possible', `burst ${SUSTAINED}`, SUSTAINED);
global.gc?.();
const calmRss = process.memoryUsage().rss;
const burst = await phase(`10× burst (${BURST} at once)`, `burst ${BURST}`, BURST);

console.log(`\nmachine: ${(await import('node:os')).cpus().length} cores, load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log('Field bus telemetry, end to end (CURVE → validate → sequence check → DuckDB batches → coalesced UI events)');
for (const r of [sustained, maxRate, burst]) {
  console.log(
    `  ${r.label.padEnd(28)} ${r.seconds.toFixed(1).padStart(5)} s ${String(r.perSecond).padStart(8)} msg/s  sent ${r.sent}  accepted ${r.accepted}  lost (counted) ${r.lost}  rejected ${r.rejected}  stored ${r.stored}  store-dropped ${r.storeDropped}  UI events ${r.uiEvents}  ${r.complete ? 'all accounted' : 'NOT ALL ACCOUNTED'}`,
  );
}
console.log(`  silent loss: ${[sustained, maxRate, burst].every((r) => r.sent === r.accepted + r.lost + r.rejected) ? 'none (sent = accepted + lost + rejected in every phase)' : 'MISMATCH'}`);
console.log(`  baseline (bare CURVE SUB, count only): ${Math.round(raw)} msg/s; pipeline / baseline = ${(maxRate.perSecond / raw).toFixed(2)}`);
console.log(`  memory: RSS at start ${mb(baseRss)}, before burst ${mb(calmRss)}, peak during burst ${mb(burst.peakRss)} (+${mb(burst.peakRss - calmRss)}), after ${mb(process.memoryUsage().rss)}`);
console.log(`  target ≥ 50,000 msg/s sustained with zero silent loss: ${sustained.perSecond >= 0.98 * RATE && sustained.lost === 0 && sustained.complete ? 'met' : 'NOT met'}`);

await ask('exit').catch(() => {});
await bus.dispose();
await recorder.dispose();
await store.dispose();
rmSync(dir, { recursive: true, force: true });
child.kill();
process.exit(0);
