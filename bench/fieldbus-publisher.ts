/**
 * Child process for the field bus benchmarks: two CURVE gateways with the same keys, one sending
 * one record per message (protocol v1 frames) and one sending batches (v2). Reads lines on stdin:
 * "burst N MODE" (as fast as it can) or "paced N RATE MODE" (messages per second), MODE being
 * "single" or "batch", then prints {"done":…} with what it sent and, for batches, how long records
 * waited for theirs. Not a product entry: benchmarks only.
 */
import { createInterface } from 'node:readline';
import { ControllerGateway } from '../src/simulators/field/controller-gateway';
import type { SerialSender } from '../src/main/services/fieldbus/serial-sender';

const [publicKey, secretKey, stationKey] = process.argv.slice(2);
if (!publicKey || !secretKey || !stationKey) throw new Error('usage: fieldbus-publisher PUBLIC SECRET STATION_PUBLIC');

const batchRecords = Number(process.env.BENCH_BATCH_RECORDS ?? 100);
const batchMs = Number(process.env.BENCH_BATCH_MS ?? 5);
const start = (batching: boolean) =>
  ControllerGateway.start({
    keys: { publicKey, secretKey },
    trustedStations: new Set([stationKey]),
    runner: { execute: () => ({ ok: true }) },
    sendHighWaterMark: 1_000_000,
    batching: batching && { maxRecords: batchRecords, maxDelayMs: batchMs },
  });
const gateways = { single: await start(false), batch: await start(true) };
type Mode = keyof typeof gateways;
// The socket's queue, drained without flushing a partial batch (the batcher's own timer does that).
const queueOf = (mode: Mode) => (gateways[mode] as unknown as { pubSender: SerialSender }).pubSender;

const plan = JSON.stringify({ id: 'P1', name: 'Giờ cao điểm / peak', offsetS: 0, phases: [
  { name: 'Lê Duẩn', greenS: 55, yellowS: 3, allRedS: 2, minGreenS: 15, maxGreenS: 90 },
  { name: 'Hàm Nghi', greenS: 30, yellowS: 3, allRedS: 2, minGreenS: 10, maxGreenS: 60 },
] });
/** A signal state every 100 ms of a 95 s cycle: the countdown and the cycle second move in every record, as on a real controller. */
function signalData(seq: number): string {
  const second = (seq % 950) / 10;
  const phase = second < 60 ? 0 : 1;
  const remaining = (phase === 0 ? 60 - second : 95 - second).toFixed(1);
  return `{"mode":"fixed","planId":"P1","planIds":["P1","P2","P3"],"plan":${plan},"cycleS":95,"phaseIndex":${phase},"interval":"green","remainingS":${remaining},"cycleSecond":${second.toFixed(1)},"heldPhase":null,"skipPhases":[],"manualUntil":null,"revertTo":null}`;
}
const sources = Array.from({ length: 13 }, (_, i) => `int-${String(i + 1).padStart(2, '0')}`);
const seqs = new Map(sources.map((s) => [s, 0]));
let sent = 0;

// Pre-built JSON text, handed to the gateway as encoded records: the benchmark measures the station.
function publishOne(mode: Mode): void {
  const src = sources[sent % sources.length]!;
  const seq = seqs.get(src)!;
  seqs.set(src, seq + 1);
  const body = `{"v":1,"src":"${src}","boot":"bench","seq":${seq},"ts":${Date.now()},"type":"signal.state","data":${signalData(seq)}}`;
  gateways[mode].publishEncoded(`signal.${src}`, body);
  sent++;
}

async function burst(n: number, mode: Mode): Promise<void> {
  for (let i = 0; i < n; i++) {
    publishOne(mode);
    // Yield now and then so the socket drains while we keep producing.
    if (i % 2_000 === 1_999) await queueOf(mode).drain();
  }
  await gateways[mode].flush();
}

async function paced(n: number, rate: number, mode: Mode): Promise<void> {
  const start = performance.now();
  let done = 0;
  while (done < n) {
    const due = Math.min(n, Math.floor(((performance.now() - start) / 1000) * rate));
    for (; done < due; done++) publishOne(mode);
    await queueOf(mode).drain();
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await gateways[mode].flush();
}

const refused = () => gateways.single.stats.publishRefused + gateways.batch.stats.publishRefused;

process.stdout.write(`${JSON.stringify({ ready: true, single: gateways.single.endpoints, batch: gateways.batch.endpoints, batchRecords, batchMs })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  const [cmd, a, b, c] = line.trim().split(/\s+/);
  const t0 = performance.now();
  const before = sent;
  const refusedBefore = refused();
  gateways.batch.batchStats!.reset();
  if (cmd === 'burst') await burst(Number(a), (b ?? 'single') as Mode);
  else if (cmd === 'paced') await paced(Number(a), Number(b), (c ?? 'single') as Mode);
  else if (cmd === 'exit') break;
  const numbered = sent - before;
  const r = refused() - refusedBefore;
  const batch = gateways.batch.batchStats!;
  process.stdout.write(
    `${JSON.stringify({ done: true, sent: numbered - r, refused: r, ms: performance.now() - t0, batches: batch.batches, batchRecords: batch.records, waitP50: batch.percentile(0.5), waitP99: batch.percentile(0.99), waitMax: batch.maxMs })}\n`,
  );
}
await Promise.race([Promise.all([gateways.single.dispose(), gateways.batch.dispose()]), new Promise((resolve) => setTimeout(resolve, 2_000))]);
process.exit(0);
