/**
 * Command round trip on loopback: the console's FieldBusService sends a command through the
 * command desk to the real field simulator process (CURVE, ROUTER/DEALER) and waits for
 * "done"; p50/p99 over N sequential commands. Baseline in the same run: a bare CURVE
 * DEALER→ROUTER echo with no protocol, validation or bookkeeping.
 *
 *   node_modules/.bin/tsx bench/fieldbus-roundtrip.ts [--count N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { curveKeyPair, Dealer, Router } from 'zeromq';
import { prepareDemoField } from '../src/main/services/fieldbus/demo-field';
import { FieldBusService } from '../src/main/services/fieldbus/field-bus-service';
import { SimulatorSupervisor, type SimulatorReady } from '../src/main/services/fieldbus/simulator-supervisor';
import { silentLogger } from '../src/main/services/log/logger';
import { demoAssets, demoCityDir, repoRoot } from '../src/simulators/field/test-support';

const { values } = parseArgs({ options: { count: { type: 'string', default: '2000' } } });
const N = Number(values.count);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1]! };
}
const fmt = (p: { p50: number; p99: number; max: number }) => `p50 ${p.p50.toFixed(2)} ms  p99 ${p.p99.toFixed(2)} ms  max ${p.max.toFixed(2)} ms`;

async function baseline(): Promise<number[]> {
  const server = curveKeyPair();
  const client = curveKeyPair();
  const router = new Router({ curveServer: true, curveSecretKey: server.secretKey, linger: 0 });
  await router.bind('tcp://127.0.0.1:*');
  const echo = (async () => {
    for await (const [id, body] of router) await router.send([id!, body!]);
  })();
  const dealer = new Dealer({ curveServerKey: server.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey, linger: 0 });
  dealer.connect(router.lastEndpoint!);
  const samples: number[] = [];
  for (let i = 0; i < N + 100; i++) {
    const t0 = performance.now();
    await dealer.send(`{"n":${i}}`);
    await dealer.receive();
    if (i >= 100) samples.push(performance.now() - t0);
  }
  dealer.close();
  router.close();
  await echo.catch(() => {});
  return samples;
}

const dir = mkdtempSync(join(tmpdir(), 'ioc-bench-rtt-'));
const demo = prepareDemoField({ dataDir: dir, resourcesDir: join(repoRoot, 'resources'), cityDir: demoCityDir });
const bus = new FieldBusService({ assets: demoAssets(), keys: demo.stationKeys, trustedGateways: demo.trustedGateways, audit: { append: async () => {} }, log: silentLogger });
let ready: SimulatorReady | null = null;
const supervisor = new SimulatorSupervisor({
  launch: demo.launch,
  log: silentLogger,
  onReady: (r) => {
    ready = r;
    bus.connect(r);
  },
  onStatus: () => {},
});
const started = performance.now();
supervisor.start();
while (!ready && performance.now() - started < 30_000) await sleep(20);
if (!ready) throw new Error('the field simulator did not start');
const readyMs = performance.now() - started;
while (!bus.snapshot().controllers.every((c) => c.online) && performance.now() - started < 30_000) await sleep(20);

const samples: number[] = [];
const statuses = new Map<string, number>();
for (let i = 0; i < N + 100; i++) {
  const t0 = performance.now();
  const record = await bus.request({ targetId: `cab-hv-0${(i % 4) + 1}`, op: { type: 'light.set', dimPct: 30 + (i % 70) }, actor: 'bench' });
  if (i >= 100) {
    samples.push(performance.now() - t0);
    statuses.set(record.status, (statuses.get(record.status) ?? 0) + 1);
  }
}
const raw = await baseline();
const p = percentiles(samples);
const b = percentiles(raw);

console.log(`\nField bus command round trip on loopback (${N} sequential commands after 100 warm-up)`);
console.log(`  console → simulator → "done":   ${fmt(p)}   outcomes ${JSON.stringify(Object.fromEntries(statuses))}`);
console.log(`  baseline (bare CURVE echo):     ${fmt(b)}`);
console.log(`  ratio p50 ${(p.p50 / b.p50).toFixed(1)}×, p99 ${(p.p99 / b.p99).toFixed(1)}×`);
console.log(`  simulator process ready after ${readyMs.toFixed(0)} ms`);
console.log(`  target p99 ≤ 20 ms: ${p.p99 <= 20 ? 'met' : 'NOT met'}`);

await bus.dispose();
await supervisor.dispose();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
