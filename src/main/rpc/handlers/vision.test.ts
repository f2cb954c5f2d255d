import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../services/log/logger';
import { coreMigrations } from '../../services/store/migrations';
import { StoreService } from '../../services/store/store-service';
import { makeTempDir } from '../../services/store/test-support';
import { visionMigrations } from '../../services/vision/migrations';
import { densityModel } from '../../services/vision/test-support/tiny-onnx';
import { VisionService } from '../../services/vision/vision-service';
import { RpcRouter } from '../router';
import { FakeSessions, RecordingAudit } from '../test-factories';
import type { Handlers } from '../types';
import { createVisionHandlers } from './vision';

let store: StoreService;
let vision: VisionService;
let router: RpcRouter;
let audit: RecordingAudit;
let tmp: ReturnType<typeof makeTempDir>;

beforeEach(async () => {
  tmp = makeTempDir('ioc-vision-rpc-');
  store = await StoreService.open({ path: ':memory:', migrations: [...coreMigrations, ...visionMigrations] });
  vision = new VisionService({ store, log: silentLogger, resolveInput: () => null, analyticsSink: () => undefined, flowSink: () => undefined });
  const sessions = new FakeSessions().as('viewer', 'viewer').as('operator', 'operator').as('admin', 'admin');
  audit = new RecordingAudit();
  router = new RpcRouter({ handlers: createVisionHandlers({ vision }) as unknown as Handlers, sessions, audit });
});
afterEach(async () => {
  await vision.dispose();
  await store.dispose();
  tmp.cleanup();
});

const call = (sessionId: string, method: string, arg?: unknown) => router.dispatch({ sessionId, transport: 'ws' }, method, arg);
const zone = { id: 'cho', name: 'Chợ Đông Hà', polygon: [[0.1, 0.1], [0.9, 0.1], [0.5, 0.9]], threshold: { perM2: 2, areaM2: 150, holdS: 10 } };

describe('vision handlers through the RpcRouter', () => {
  it('let a viewer read analytics settings but only an operator change them, audited', async () => {
    expect(await call('viewer', 'vision.settings.get', { cameraId: 'cam-1' })).toMatchObject({ ok: true, value: { enabled: false, tasks: ['people'], fps: 2, zones: [] } });
    expect(await call('viewer', 'vision.settings.set', { cameraId: 'cam-1', settings: { zones: [zone] } })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(await call('operator', 'vision.settings.set', { cameraId: 'cam-1', settings: { tasks: ['people', 'vehicles'], zones: [zone] } })).toMatchObject({ ok: true });
    expect(await call('viewer', 'vision.settings.get', { cameraId: 'cam-1' })).toMatchObject({ ok: true, value: { tasks: ['people', 'vehicles'], zones: [{ id: 'cho', threshold: { perM2: 2, clearRatio: 0.8 } }] } });
    expect(audit.records.map((r) => `${r.actor}:${r.action}:${r.result}`)).toContain('operator:vision.settings.set:ok');
  });

  it('refuse zones and rates that make no sense', async () => {
    const bad = [
      { zones: [{ ...zone, polygon: [[0, 0], [1, 1]] }] },
      { zones: [{ ...zone, threshold: { perM2: 2 } }] },
      { zones: [{ ...zone, polygon: [[0, 0], [1.5, 0], [1, 1]] }] },
      { fps: 30 },
      { lines: [{ id: 'l', name: 'L', a: [0.5, 0.5], b: [0.5, 0.5] }] },
    ];
    for (const settings of bad) expect(await call('operator', 'vision.settings.set', { cameraId: 'cam-1', settings })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('register a model only for an admin, and explain why a file is refused', async () => {
    const junk = join(tmp.dir, 'junk.onnx');
    writeFileSync(junk, 'not a model');
    const good = join(tmp.dir, 'density.onnx');
    writeFileSync(good, densityModel(36, 64));
    const add = (path: string) => ({ id: 'mat-do', name: 'Mật độ đám đông', kind: 'density', path });
    expect(await call('operator', 'vision.models.add', add(good))).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(await call('admin', 'vision.models.add', add(junk))).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/not an ONNX model/) } });
    expect(await call('admin', 'vision.models.add', add(good))).toMatchObject({ ok: true, value: { id: 'mat-do', inputShape: [1, 1, 36, 64] } });
    expect(await call('viewer', 'vision.models.list')).toMatchObject({ ok: true, value: [{ id: 'mat-do' }] });
    expect(await call('operator', 'vision.settings.set', { cameraId: 'c', settings: { models: { people: 'mat-do' } } })).toMatchObject({ ok: true });
    expect(await call('operator', 'vision.settings.set', { cameraId: 'c', settings: { models: { people: 'khong-co' } } })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await call('admin', 'vision.models.remove', { id: 'mat-do' })).toMatchObject({ ok: true, value: { removed: true } });
  });

  it('report a camera that cannot be analysed as an error state, not a failure', async () => {
    expect(await call('operator', 'vision.start', { cameraId: 'cam-x' })).toMatchObject({ ok: true, value: { cameraId: 'cam-x', status: 'error', reason: expect.stringMatching(/no stream address/) } });
    expect(await call('viewer', 'vision.states')).toMatchObject({ ok: true, value: [{ cameraId: 'cam-x', status: 'error' }] });
    expect(await call('viewer', 'vision.counts', { cameraId: 'cam-x' })).toMatchObject({ ok: true, value: null });
  });
});
