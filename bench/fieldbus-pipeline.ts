/**
 * The station's per-message cost without sockets: decode (size, UTF-8, JSON, version, schema,
 * topic) alone, then decode + FieldBusService bookkeeping + DuckDB batches. Tells which part of
 * the end-to-end figure (bench/fieldbus-throughput.ts) is the station's own CPU.
 *
 *   node_modules/.bin/tsx bench/fieldbus-pipeline.ts [--count N]
 */
import { parseArgs } from 'node:util';
import { curveKeyPair } from 'zeromq';
import { FieldBusService } from '../src/main/services/fieldbus/field-bus-service';
import { fieldMigrations } from '../src/main/services/fieldbus/field-migrations';
import { FieldRecorder } from '../src/main/services/fieldbus/field-recorder';
import { silentLogger } from '../src/main/services/log/logger';
import { coreMigrations } from '../src/main/services/store/migrations';
import { StoreService } from '../src/main/services/store/store-service';
import { loadavg } from 'node:os';
import { batchHeader, decodeTelemetry, decodeTelemetryBatch, FieldDecodeError, telemetryMessageSchema, topicFor, type TelemetryMessage } from '../src/shared/domain/field-protocol';
import { demoAssets } from '../src/simulators/field/test-support';

const { values } = parseArgs({ options: { count: { type: 'string', default: '200000' } } });
const N = Number(values.count);
const data = JSON.stringify({
  mode: 'fixed', planId: 'P1', planIds: ['P1', 'P2', 'P3'],
  plan: { id: 'P1', name: 'Giờ cao điểm / peak', offsetS: 0, phases: [
    { name: 'Lê Duẩn', greenS: 55, yellowS: 3, allRedS: 2, minGreenS: 15, maxGreenS: 90 },
    { name: 'Hàm Nghi', greenS: 30, yellowS: 3, allRedS: 2, minGreenS: 10, maxGreenS: 60 },
  ] },
  cycleS: 95, phaseIndex: 0, interval: 'green', remainingS: 12.3, cycleSecond: 40.1, heldPhase: null, skipPhases: [], manualUntil: null, revertTo: null,
});

function frames(boot: string) {
  const topics = Array.from({ length: N }, (_, i) => `signal.int-0${(i % 9) + 1}`);
  const bodies = Array.from({ length: N }, (_, i) => new TextEncoder().encode(`{"v":1,"src":"int-0${(i % 9) + 1}","boot":"${boot}","seq":${Math.floor(i / 9)},"ts":${Date.now()},"type":"signal.state","data":${data}}`));
  return { topics, bodies };
}

const store = await StoreService.open({ path: ':memory:', migrations: [...coreMigrations, ...fieldMigrations] });
const recorder = new FieldRecorder(store, { batchRows: 10_000, maxDelayMs: 250 });
const bus = new FieldBusService({ assets: demoAssets(), keys: curveKeyPair(), trustedGateways: new Set(), audit: { append: async () => {} }, log: silentLogger, recorder });
// The receiver's callback, reached directly: this benchmark leaves the sockets out on purpose.
const ingest = (bus as unknown as { ingest(gateway: string, message: TelemetryMessage, text: string): void }).ingest.bind(bus);

/**
 * The decode of the first release, kept here as the baseline: zod on every message. Same
 * checks and order as decodeTelemetry, without the hand-written fast path in front of zod.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true });
function decodeWithZodOnly(topic: string, bytes: Uint8Array): { message: TelemetryMessage; text: string } {
  if (bytes.byteLength > 64 * 1024) throw new FieldDecodeError('oversized', 'too big');
  const text = utf8.decode(bytes);
  const record = JSON.parse(text) as Record<string, unknown>;
  if (record.v !== 1) throw new FieldDecodeError('unknownVersion', 'version');
  const parsed = telemetryMessageSchema.safeParse(record);
  if (!parsed.success) throw new FieldDecodeError('invalid', parsed.error.message);
  if (topic !== topicFor(parsed.data)) throw new FieldDecodeError('topicMismatch', 'topic');
  return { message: parsed.data, text };
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
console.log(`\nStation pipeline without sockets, ${N} signal-state messages (~${frames('x').bodies[0]!.byteLength} bytes each); load average ${load()}`);
console.log('  (msg/s is wall clock, which other jobs on the machine slow down; CPU µs/msg is this process\'s own CPU time)');
const results = new Map<string, number>();
const rounds = [
  [1, 'decode, zod only (warm-up)', decodeWithZodOnly, false],
  [2, 'decode, fast check (warm-up)', decodeTelemetry, false],
  [3, 'decode, zod only (before)', decodeWithZodOnly, false],
  [4, 'decode, fast check (now)', decodeTelemetry, false],
  [5, 'decode + bus + DuckDB', decodeTelemetry, true],
  [6, 'decode + bus + DuckDB', decodeTelemetry, true],
] as const;
for (const [round, label, decode, store] of rounds) {
  const { topics, bodies } = frames(`boot-${round}`);
  global.gc?.();
  const c0 = cpuMs();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const { message, text } = decode(topics[i]!, bodies[i]!);
    if (store) ingest('bench', message, text);
  }
  const sync = performance.now() - t0;
  await recorder.flush();
  const total = performance.now() - t0;
  const cpuPerMsg = ((cpuMs() - c0) * 1000) / N;
  results.set(label, cpuPerMsg);
  console.log(
    `  ${label.padEnd(30)} ${Math.round(N / (sync / 1000)).toString().padStart(7)} msg/s in the receive path, ${Math.round(N / (total / 1000)).toString().padStart(7)} msg/s including the last DuckDB flush, ${cpuPerMsg.toFixed(1).padStart(5)} CPU µs/msg`,
  );
}
// Version-2 batches of 100 records: the same records, decoded one by one out of one body.
for (const label of ['decode, batches of 100 (warm-up)', 'decode, batches of 100']) {
  const { bodies } = frames(`batch-${label.length}`);
  const batches: { header: Buffer; body: Buffer }[] = [];
  for (let i = 0; i < N; i += 100) {
    const group = bodies.slice(i, i + 100);
    batches.push({ header: Buffer.from(batchHeader(group.length)), body: Buffer.from(group.map((b) => new TextDecoder().decode(b)).join('\n')) });
  }
  global.gc?.();
  let accepted = 0;
  const c0 = cpuMs();
  const t0 = performance.now();
  for (const { header, body } of batches) decodeTelemetryBatch(header, body, () => accepted++, (e) => { throw e; });
  const ms = performance.now() - t0;
  const cpuPerMsg = ((cpuMs() - c0) * 1000) / N;
  results.set(label, cpuPerMsg);
  console.log(`  ${label.padEnd(30)} ${Math.round(N / (ms / 1000)).toString().padStart(7)} msg/s in the receive path, ${cpuPerMsg.toFixed(1).padStart(5)} CPU µs/msg (${accepted} accepted)`);
}
const before = results.get('decode, zod only (before)')!;
const now = results.get('decode, fast check (now)')!;
const full = results.get('decode + bus + DuckDB')!;
console.log(`  decode CPU: zod only ${before.toFixed(1)} µs/msg → fast check ${now.toFixed(1)} µs/msg (${(before / now).toFixed(2)}× less)`);
console.log(`  whole station path ${full.toFixed(1)} CPU µs/msg → at most ${Math.round(1e6 / full)} msg/s on one free core; with zod only it would be ${(full - now + before).toFixed(1)} µs/msg (${Math.round(1e6 / (full - now + before))} msg/s)`);
console.log(`  load average at the end ${load()}`);
const stats = bus.snapshot().stats;
console.log(`  accepted ${stats.accepted}, stored ${recorder.stored}, lost ${stats.lost}`);
await bus.dispose();
await recorder.dispose();
await store.dispose();
process.exit(0);
