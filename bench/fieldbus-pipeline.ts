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
import { decodeTelemetry, type TelemetryMessage } from '../src/shared/domain/field-protocol';
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

console.log(`\nStation pipeline without sockets, ${N} signal-state messages (~${frames('x').bodies[0]!.byteLength} bytes each)`);
for (const [round, label] of [[1, 'decode only (warm-up)'], [2, 'decode only'], [3, 'decode + bus + DuckDB'], [4, 'decode + bus + DuckDB']] as const) {
  const { topics, bodies } = frames(`boot-${round}`);
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const { message, text } = decodeTelemetry(topics[i]!, bodies[i]!);
    if (round >= 3) ingest('bench', message, text);
  }
  const sync = performance.now() - t0;
  await recorder.flush();
  const total = performance.now() - t0;
  console.log(`  ${label.padEnd(24)} ${Math.round(N / (sync / 1000)).toString().padStart(7)} msg/s in the receive path, ${Math.round(N / (total / 1000)).toString().padStart(7)} msg/s including the last DuckDB flush`);
}
const stats = bus.snapshot().stats;
console.log(`  accepted ${stats.accepted}, stored ${recorder.stored}, lost ${stats.lost}`);
await bus.dispose();
await recorder.dispose();
await store.dispose();
process.exit(0);
