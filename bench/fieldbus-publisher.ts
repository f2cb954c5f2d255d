/**
 * Child process for the field bus benchmarks: a CURVE gateway that publishes telemetry on
 * command. Reads lines on stdin: "burst N" (as fast as it can) or "paced N RATE" (messages per
 * second), then prints {"done":…} with what it sent. Not a product entry: benchmarks only.
 */
import { createInterface } from 'node:readline';
import { ControllerGateway } from '../src/simulators/field/controller-gateway';
import type { SerialSender } from '../src/main/services/fieldbus/serial-sender';

const [publicKey, secretKey, stationKey] = process.argv.slice(2);
if (!publicKey || !secretKey || !stationKey) throw new Error('usage: fieldbus-publisher PUBLIC SECRET STATION_PUBLIC');

const gateway = await ControllerGateway.start({
  keys: { publicKey, secretKey },
  trustedStations: new Set([stationKey]),
  runner: { execute: () => ({ ok: true }) },
  sendHighWaterMark: 1_000_000,
});
// Reach past the gateway's encoder to send pre-built frames: the benchmark measures the station.
const sender = (gateway as unknown as { pubSender: SerialSender }).pubSender;

const data = JSON.stringify({
  mode: 'fixed', planId: 'P1', planIds: ['P1', 'P2', 'P3'],
  plan: { id: 'P1', name: 'Giờ cao điểm / peak', offsetS: 0, phases: [
    { name: 'Lê Duẩn', greenS: 55, yellowS: 3, allRedS: 2, minGreenS: 15, maxGreenS: 90 },
    { name: 'Hàm Nghi', greenS: 30, yellowS: 3, allRedS: 2, minGreenS: 10, maxGreenS: 60 },
  ] },
  cycleS: 95, phaseIndex: 0, interval: 'green', remainingS: 12.3, cycleSecond: 40.1, heldPhase: null, skipPhases: [], manualUntil: null, revertTo: null,
});
const sources = Array.from({ length: 13 }, (_, i) => `int-${String(i + 1).padStart(2, '0')}`);
const seqs = new Map(sources.map((s) => [s, 0]));
let sent = 0;

function publishOne(): void {
  const src = sources[sent % sources.length]!;
  const seq = seqs.get(src)!;
  seqs.set(src, seq + 1);
  const body = `{"v":1,"src":"${src}","boot":"bench","seq":${seq},"ts":${Date.now()},"type":"signal.state","data":${data}}`;
  if (sender.send([`signal.${src}`, body])) sent++;
}

async function burst(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    publishOne();
    // Yield now and then so the socket drains while we keep producing.
    if (i % 2_000 === 1_999) await sender.drain();
  }
  await sender.drain();
}

async function paced(n: number, rate: number): Promise<void> {
  const start = performance.now();
  let done = 0;
  while (done < n) {
    const due = Math.min(n, Math.floor(((performance.now() - start) / 1000) * rate));
    for (; done < due; done++) publishOne();
    await sender.drain();
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

process.stdout.write(`${JSON.stringify({ ready: true, ...gateway.endpoints })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  const [cmd, a, b] = line.trim().split(/\s+/);
  const t0 = performance.now();
  const before = sent;
  if (cmd === 'burst') await burst(Number(a));
  else if (cmd === 'paced') await paced(Number(a), Number(b));
  else if (cmd === 'exit') break;
  process.stdout.write(`${JSON.stringify({ done: true, sent: sent - before, ms: performance.now() - t0, refused: sender.refused })}\n`);
}
await gateway.dispose();
process.exit(0);
