/**
 * The station's per-message cost without sockets: decode (size, UTF-8, JSON, version, schema,
 * topic) alone, then decode + FieldBusService bookkeeping + DuckDB batches, with the store's
 * layout of the first releases (every record's whole text, "before") and the current one
 * (ticks in typed columns, text only where a state changed, "now") alternating in one run and
 * one database file. Signal states whose countdown moves in every record; a last round changes
 * every record's state too (the layout's worst case). Tells which part of the end-to-end figure
 * (bench/fieldbus-throughput.ts) is the station's own CPU.
 *
 *   node_modules/.bin/tsx bench/fieldbus-pipeline.ts [--count N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { curveKeyPair } from 'zeromq';
import { FieldBusService } from '../src/main/services/fieldbus/field-bus-service';
import { fieldMigrations } from '../src/main/services/fieldbus/field-migrations';
import { FieldRecorder } from '../src/main/services/fieldbus/field-recorder';
import { silentLogger } from '../src/main/services/log/logger';
import { coreMigrations } from '../src/main/services/store/migrations';
import { CONSOLE_STORE_TUNING } from '../src/main/services/store/console-tuning';
import { StoreService } from '../src/main/services/store/store-service';
import { batchHeader, decodeTelemetry, decodeTelemetryBatch, FieldDecodeError, telemetryMessageSchema, topicFor, type TelemetryMessage } from '../src/shared/domain/field-protocol';
import { demoAssets } from '../src/simulators/field/test-support';
import { createFullTextRecorder } from './fieldbus-full-text-recorder';

// A full collection before each round, so that one round's garbage (its frames, the last one's rows) is not billed to the next.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const { values } = parseArgs({ options: { count: { type: 'string', default: '200000' } } });
const N = Number(values.count);
const plan = JSON.stringify({ id: 'P1', name: 'Giờ cao điểm / peak', offsetS: 0, phases: [
  { name: 'Lê Duẩn', greenS: 55, yellowS: 3, allRedS: 2, minGreenS: 15, maxGreenS: 90 },
  { name: 'Hàm Nghi', greenS: 30, yellowS: 3, allRedS: 2, minGreenS: 10, maxGreenS: 60 },
] });
/** A signal state as a controller sends it every 100 ms: the countdown and cycle second move every time. */
function signalData(seq: number, stateChanges: boolean): string {
  const mode = stateChanges && seq % 2 === 1 ? 'actuated' : 'fixed';
  const second = (seq * 0.1) % 95;
  const phase = second < 60 ? 0 : 1;
  return `{"mode":"${mode}","planId":"P1","planIds":["P1","P2","P3"],"plan":${plan},"cycleS":95,"phaseIndex":${phase},"interval":"green","remainingS":${(60 - (second % 60)).toFixed(1)},"cycleSecond":${second.toFixed(1)},"heldPhase":null,"skipPhases":[],"manualUntil":null,"revertTo":null}`;
}

function frames(boot: string, stateChanges = false) {
  const topics = Array.from({ length: N }, (_, i) => `signal.int-0${(i % 9) + 1}`);
  const encoder = new TextEncoder();
  const bodies = Array.from({ length: N }, (_, i) => {
    const seq = Math.floor(i / 9);
    return encoder.encode(`{"v":1,"src":"int-0${(i % 9) + 1}","boot":"${boot}","seq":${seq},"ts":${Date.now()},"type":"signal.state","data":${signalData(seq, stateChanges)}}`);
  });
  return { topics, bodies };
}

const dir = mkdtempSync(join(tmpdir(), 'ioc-bench-pipeline-'));
// The store as the console opens it.
const store = await StoreService.open({ path: join(dir, 'bench.duckdb'), migrations: [...coreMigrations, ...fieldMigrations], ...CONSOLE_STORE_TUNING });
const recorders = {
  before: await createFullTextRecorder(store, 10_000, 250),
  now: new FieldRecorder(store, { batchRows: 10_000, maxDelayMs: 250 }),
};
const busFor = (recorder: FieldRecorder) =>
  new FieldBusService({ assets: demoAssets(), keys: curveKeyPair(), trustedGateways: new Set(), audit: { append: async () => {} }, log: silentLogger, recorder });
const buses = { before: busFor(recorders.before), now: busFor(recorders.now) };
// The receivers' callback, reached directly: this benchmark leaves the sockets out on purpose.
const ingestOf = (bus: FieldBusService) => (bus as unknown as { ingest(gateway: string, message: TelemetryMessage, text: string): void }).ingest.bind(bus);

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
console.log(`\nStation pipeline without sockets, ${N} signal-state messages (~${frames('boot-x').bodies[0]!.byteLength} bytes each); load average ${load()}`);
console.log('  (msg/s is wall clock, which other jobs on the machine slow down; CPU µs/msg is this process\'s own CPU time)');
const results = new Map<string, number[]>();
type Layout = keyof typeof recorders;
const rounds: [string, typeof decodeTelemetry, Layout | null, boolean][] = [
  ['decode, zod only (warm-up)', decodeWithZodOnly, null, false],
  ['decode, fast check (warm-up)', decodeTelemetry, null, false],
  ['decode, zod only (before)', decodeWithZodOnly, null, false],
  ['decode, fast check (now)', decodeTelemetry, null, false],
  ['+ bus + DuckDB, whole text (before)', decodeTelemetry, 'before', false],
  ['+ bus + DuckDB, ticks (now)', decodeTelemetry, 'now', false],
  ['+ bus + DuckDB, whole text (before)', decodeTelemetry, 'before', false],
  ['+ bus + DuckDB, ticks (now)', decodeTelemetry, 'now', false],
  ['+ bus + DuckDB, whole text (before)', decodeTelemetry, 'before', false],
  ['+ bus + DuckDB, ticks (now)', decodeTelemetry, 'now', false],
  ['+ bus + DuckDB, ticks, every state new', decodeTelemetry, 'now', true],
];
for (const [round, [label, decode, layout, stateChanges]] of rounds.entries()) {
  const { topics, bodies } = frames(`boot-${round}`, stateChanges);
  const ingest = layout ? ingestOf(buses[layout]) : null;
  const recorder = layout ? recorders[layout] : null;
  const text0 = recorder?.stateRows ?? 0;
  collectGarbage();
  const c0 = cpuMs();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const { message, text } = decode(topics[i]!, bodies[i]!);
    ingest?.('bench', message, text);
  }
  const sync = performance.now() - t0;
  await recorder?.flush();
  // Each round pays for its own checkpoint (where DuckDB compresses what it stored) and leaves none to the next.
  if (recorder) await store.run('CHECKPOINT');
  const total = performance.now() - t0;
  const cpuPerMsg = ((cpuMs() - c0) * 1000) / N;
  results.set(label, [...(results.get(label) ?? []), cpuPerMsg]);
  const texts = recorder ? `, ${recorder.stateRows - text0} rows with text` : '';
  console.log(
    `  ${label.padEnd(38)} ${Math.round(N / (sync / 1000)).toString().padStart(7)} msg/s in the receive path, ${Math.round(N / (total / 1000)).toString().padStart(7)} msg/s including the last DuckDB flush and a checkpoint, ${cpuPerMsg.toFixed(1).padStart(5)} CPU µs/msg${texts} (load ${load()})`,
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
  collectGarbage();
  let accepted = 0;
  const c0 = cpuMs();
  const t0 = performance.now();
  for (const { header, body } of batches) decodeTelemetryBatch(header, body, () => accepted++, (e) => { throw e; });
  const ms = performance.now() - t0;
  const cpuPerMsg = ((cpuMs() - c0) * 1000) / N;
  results.set(label, [cpuPerMsg]);
  console.log(`  ${label.padEnd(30)} ${Math.round(N / (ms / 1000)).toString().padStart(7)} msg/s in the receive path, ${cpuPerMsg.toFixed(1).padStart(5)} CPU µs/msg (${accepted} accepted)`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const zod = median(results.get('decode, zod only (before)')!);
const fast = median(results.get('decode, fast check (now)')!);
const wholeText = median(results.get('+ bus + DuckDB, whole text (before)')!);
const ticks = median(results.get('+ bus + DuckDB, ticks (now)')!);
console.log(`  decode CPU: zod only ${zod.toFixed(1)} µs/msg → fast check ${fast.toFixed(1)} µs/msg (${(zod / fast).toFixed(2)}× less)`);
console.log(
  `  whole station path (median of 3): whole text ${wholeText.toFixed(1)} CPU µs/msg (at most ${Math.round(1e6 / wholeText)} msg/s on one free core) → ticks ${ticks.toFixed(1)} CPU µs/msg (${Math.round(1e6 / ticks)} msg/s); bus + store alone ${(wholeText - fast).toFixed(1)} → ${(ticks - fast).toFixed(1)} µs/msg`,
);
console.log(`  load average at the end ${load()}`);
for (const layout of ['before', 'now'] as const) {
  const stats = buses[layout].snapshot().stats;
  console.log(`  ${layout}: accepted ${stats.accepted}, stored ${recorders[layout].stored}, store-dropped ${recorders[layout].dropped}, lost ${stats.lost}`);
}
const [{ rows, texts }] = (await store.all<{ rows: number; texts: number }>('SELECT count(*) AS rows, count(payload) AS texts FROM field_telemetry')) as [{ rows: number; texts: number }];
console.log(`  field_telemetry: ${rows} rows, ${texts} of them with the record's text`);
for (const bus of Object.values(buses)) await bus.dispose();
for (const recorder of Object.values(recorders)) await recorder.dispose();
await store.dispose();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
