import { join } from 'node:path';
import type { CityAssets } from '../../../shared/domain/city';
import type { ScenarioInfo } from '../../../shared/domain/field';
import type { Disposable } from '../../../shared/lib/lifecycle';
import type { AuditSink } from '../../rpc/types';
import type { Logger } from '../log/logger';
import type { SystemStatusService } from '../status/system-status-service';
import type { StoreService } from '../store/store-service';
import { prepareDemoField } from './demo-field';
import { FieldBusService } from './field-bus-service';
import { FieldRecorder } from './field-recorder';
import { describeScenarios, loadScenarios } from './scenario-catalog';
import { SimulatorSupervisor } from './simulator-supervisor';

export interface StartFieldBusOptions {
  assets: CityAssets;
  store: StoreService;
  audit: AuditSink;
  status: Pick<SystemStatusService, 'report'>;
  log: Logger;
  dataDir: string;
  resourcesDir: string;
  cityFolder?: string;
  /** Start the field simulator beside the console and connect to it (the demo city). */
  demoField: boolean;
}

export interface FieldBusRuntime extends Disposable {
  bus: FieldBusService;
  scenarios(): ScenarioInfo[];
}

/**
 * Builds the field bus for the composition root. With `demoField` the simulator is spawned in
 * the background: this returns at once and the bus connects when the simulator says it is ready,
 * so the console is usable while the field comes up.
 */
export function startFieldBus(options: StartFieldBusOptions): FieldBusRuntime {
  const { log } = options;
  const cityDir = join(options.resourcesDir, options.cityFolder ?? 'demo-city');
  const scenarioLoad = loadScenarios(join(cityDir, 'scenarios'));
  for (const problem of scenarioLoad.problems) log.warn('field scenario file skipped', problem);
  const recorder = new FieldRecorder(options.store, {}, (err) => log.error('field telemetry not stored', { err }));
  const report = (state: 'ok' | 'degraded' | 'down', detail: string) => options.status.report('fieldBus', state, detail);

  if (!options.demoField) {
    // A real deployment's gateways come from station settings (not part of the demo build yet).
    const bus = new FieldBusService({ assets: options.assets, keys: { publicKey: '', secretKey: '' }, trustedGateways: new Set(), audit: options.audit, log, recorder, reportStatus: report });
    options.status.report('fieldBus', 'unconfigured', 'no field gateway configured');
    return { bus, scenarios: () => describeScenarios(scenarioLoad.scenarios), dispose: async () => { await bus.dispose(); await recorder.dispose(); } };
  }

  const demo = prepareDemoField({ dataDir: options.dataDir, resourcesDir: options.resourcesDir, cityDir });
  const bus = new FieldBusService({
    assets: options.assets,
    keys: demo.stationKeys,
    trustedGateways: demo.trustedGateways,
    audit: options.audit,
    log,
    recorder,
    reportStatus: report,
    adaptiveControl: true,
  });
  const supervisor = new SimulatorSupervisor({
    launch: demo.launch,
    log,
    onReady: (ready) => bus.connect(ready),
    onGone: (ready) => bus.disconnect(ready.telemetry),
    onStatus: (status) => bus.setSimulatorStatus(status),
  });
  supervisor.start();
  return {
    bus,
    scenarios: () => describeScenarios(scenarioLoad.scenarios),
    async dispose() {
      await supervisor.dispose();
      await bus.dispose();
      await recorder.dispose();
    },
  };
}
