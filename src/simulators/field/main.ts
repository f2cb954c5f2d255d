import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { cityAssetsSchema } from '../../shared/domain/city';
import { FIELD_MAX_BATCH_RECORDS } from '../../shared/domain/field-protocol';
import { readSecretCertificate, readTrustedKeys } from '../../main/services/fieldbus/curve-keys';
import { loadScenarios } from '../../main/services/fieldbus/scenario-catalog';
import { ControllerGateway } from './controller-gateway';
import { FieldSimulation } from './field-simulation';

/**
 * The field simulator as a process: the demo city's signals, lighting and flood gauges behind
 * one CURVE-protected gateway on loopback. Prints one JSON line when ready:
 *   {"event":"ready","telemetry":"tcp://127.0.0.1:…","commands":"tcp://127.0.0.1:…","publicKey":"…","pid":…}
 */
const usage = `usage: field-simulator --assets FILE --key SECRET_CERT --trust DIR [options]
  --assets FILE        the city's assets.json (intersections, lighting, flood gauges)
  --key FILE           this gateway's secret certificate (zcert format, *.key_secret)
  --trust DIR          folder of public certificates of stations allowed to connect
  --scenarios DIR      scenario files (*.json) that sim.scenario can start
  --scenario NAME      start this scenario at once
  --seed N             random seed (default 1): the same seed, the same city
  --host IP            bind address (default 127.0.0.1)
  --telemetry-port N   PUB port (default: any free port)
  --command-port N     ROUTER port (default: any free port)
  --tick-ms N          simulation step (default 100)
  --batch-records N    telemetry records per batch (protocol v2; default 100, 0: one message per record, v1 frames)
  --batch-ms N         longest a record waits for its batch (default 5)
  --lat, --lng         site for sunset/sunrise (default Đông Hà)
  --utc-offset MIN     local time offset (default 420, Vietnam)
  --parent-pid N       exit when this process is gone (set by the console's supervisor)`;

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      assets: { type: 'string' },
      key: { type: 'string' },
      trust: { type: 'string' },
      scenarios: { type: 'string' },
      scenario: { type: 'string' },
      seed: { type: 'string', default: '1' },
      host: { type: 'string', default: '127.0.0.1' },
      'telemetry-port': { type: 'string', default: '0' },
      'command-port': { type: 'string', default: '0' },
      'tick-ms': { type: 'string', default: '100' },
      'batch-records': { type: 'string', default: '100' },
      'batch-ms': { type: 'string', default: '5' },
      lat: { type: 'string', default: '16.8204' },
      lng: { type: 'string', default: '107.1004' },
      'utc-offset': { type: 'string', default: '420' },
      'parent-pid': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (args.help) return void process.stdout.write(`${usage}\n`);
  if (!args.assets || !args.key || !args.trust) throw new UsageError('--assets, --key and --trust are required');
  const int = (name: string, value: string, min: number, max: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer ${min}–${max}`);
    return n;
  };
  const num = (name: string, value: string) => {
    const n = Number(value);
    if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number`);
    return n;
  };

  const assets = cityAssetsSchema.parse(JSON.parse(readFileSync(args.assets, 'utf8')));
  const keys = readSecretCertificate(args.key);
  const trusted = readTrustedKeys(args.trust, (path, err) => log('bad trust file', { path, err: String(err) }));
  if (trusted.size === 0) throw new UsageError(`no trusted station keys in ${args.trust}: nobody could connect`);
  const scenarios = args.scenarios ? loadScenarios(args.scenarios) : { scenarios: [], problems: [] };
  for (const p of scenarios.problems) log('scenario file skipped', p);

  const sim = new FieldSimulation({
    seed: int('seed', args.seed, 0, 2 ** 32 - 1),
    startMs: Date.now(),
    assets,
    site: { lat: num('lat', args.lat), lng: num('lng', args.lng), utcOffsetMin: int('utc-offset', args['utc-offset'], -720, 840) },
    scenarios: scenarios.scenarios,
  });
  const batchRecords = int('batch-records', args['batch-records'], 0, FIELD_MAX_BATCH_RECORDS);
  const gateway = await ControllerGateway.start({
    keys,
    batching: batchRecords > 0 && { maxRecords: batchRecords, maxDelayMs: int('batch-ms', args['batch-ms'], 0, 1_000) },
    trustedStations: trusted,
    runner: sim,
    host: args.host,
    telemetryPort: int('telemetry-port', args['telemetry-port'], 0, 65535),
    commandPort: int('command-port', args['command-port'], 0, 65535),
    onDenied: (key, address) => log('connection refused: station key not trusted', { key: key.slice(0, 8), address }),
    onError: (err) => log('gateway error', { err: String(err) }),
  });
  if (args.scenario) {
    const started = sim.startScenario(args.scenario);
    if (!started.ok) throw new UsageError(started.reason);
  }

  const tickMs = int('tick-ms', args['tick-ms'], 10, 5_000);
  const timer = setInterval(() => gateway.publish(sim.advance(Date.now())), tickMs);
  const parentPid = args['parent-pid'] ? int('parent-pid', args['parent-pid'], 1, 2 ** 31) : null;
  const watchdog = parentPid
    ? setInterval(() => {
        if (!isAlive(parentPid)) void stop('parent gone');
      }, 1_000)
    : null;

  let stopping = false;
  async function stop(why: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    log('stopping', { why });
    clearInterval(timer);
    if (watchdog) clearInterval(watchdog);
    await gateway.dispose();
    process.exit(0);
  }
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  process.stdout.write(`${JSON.stringify({ event: 'ready', ...gateway.endpoints, publicKey: gateway.publicKey, pid: process.pid, batchRecords, controllers: sim.controllerIds.length, scenarios: sim.scenarioNames })}\n`);
}

class UsageError extends Error {}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function log(message: string, meta: Record<string, unknown> = {}): void {
  process.stderr.write(`${new Date().toISOString()} [field-sim] ${message} ${JSON.stringify(meta)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`field simulator could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  if (err instanceof UsageError) process.stderr.write(`${usage}\n`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
