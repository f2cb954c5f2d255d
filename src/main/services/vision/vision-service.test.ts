import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnalyticsEventInput } from '../../../shared/domain/analytics';
import { type VisionAlert, type VisionCounts, type VisionState, visionSettingsSchema } from '../../../shared/domain/vision';
import { silentLogger } from '../log/logger';
import { coreMigrations } from '../store/migrations';
import { StoreService } from '../store/store-service';
import { makeTempDir, waitUntil } from '../store/test-support';
import { visionMigrations } from './migrations';
import { densityModel } from './test-support/tiny-onnx';
import { findVtest } from './test-support/vtest';
import { VisionService } from './vision-service';

const vtest = findVtest();
let store: StoreService;
let service: VisionService;
let tmp: ReturnType<typeof makeTempDir>;
const analytics: AnalyticsEventInput[] = [];
const inputs = new Map<string, string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function makeService(): VisionService {
  return new VisionService({
    store,
    log: silentLogger,
    resolveInput: (id) => inputs.get(id) ?? null,
    analyticsSink: (e) => analytics.push(e),
    flowSink: () => undefined,
    liveFiles: true,
    statsEveryS: 1,
  });
}

beforeEach(async () => {
  tmp = makeTempDir('ioc-vision-');
  store = await StoreService.open({ path: join(tmp.dir, 'v.duckdb'), migrations: [...coreMigrations, ...visionMigrations] });
  analytics.length = 0;
  if (vtest) inputs.set('cam-vtest', vtest);
  service = makeService();
});
afterEach(async () => {
  await service.dispose();
  await store.dispose();
  tmp.cleanup();
});

describe('VisionService', () => {
  it('analyses a camera, counts people in a zone, raises a crowd alert, then stops its ffmpeg and workers', async () => {
    if (!vtest) throw new Error('vtest.avi not found: install the opencv-doc package');
    const settings = visionSettingsSchema.parse({
      tasks: ['people'],
      fps: 2,
      zones: [{ id: 'san', name: 'Sân', polygon: [[0, 0.2], [1, 0.2], [1, 1], [0, 1]], threshold: { count: 1, holdS: 0 } }],
    });
    await service.setSettings('cam-vtest', settings);
    const counts: VisionCounts[] = [];
    const alerts: VisionAlert[] = [];
    const states: VisionState[] = [];
    service.onCounts((c) => counts.push(c));
    service.onAlert((a) => alerts.push(a));
    service.onState((s) => states.push(s));

    await service.start('cam-vtest');
    await waitUntil(() => counts.length >= 3 && analytics.some((e) => e.kind === 'crowd.count'), 25_000);
    const [pid] = service.ffmpegPids();
    expect(pid).toBeGreaterThan(0);
    expect(Math.max(...counts.map((c) => c.zones[0]!.people))).toBeGreaterThanOrEqual(2);
    expect(alerts[0]).toMatchObject({ cameraId: 'cam-vtest', zoneId: 'san', kind: 'raised', unit: 'count' });
    expect(analytics).toContainEqual(expect.objectContaining({ kind: 'crowd.alert', source: 'cam-vtest', zone: 'san' }));
    expect(service.states()[0]).toMatchObject({ cameraId: 'cam-vtest', status: expect.stringMatching(/running|degraded/) });
    expect((await service.getSettings('cam-vtest')).enabled).toBe(true);

    const stopped = await service.stop('cam-vtest');
    expect(stopped.status).toBe('stopped');
    expect(service.ffmpegPids()).toEqual([]);
    expect(alive(pid!)).toBe(false);
    expect((await service.getSettings('cam-vtest')).enabled).toBe(false);
  }, 40_000);

  it('shows a clear error state for a camera without an address or with an empty file', async () => {
    expect(await service.start('cam-none')).toMatchObject({ status: 'error', reason: expect.stringMatching(/no stream address/) });
    const empty = join(tmp.dir, 'empty.mp4');
    writeFileSync(empty, '');
    inputs.set('cam-empty', empty);
    expect(await service.start('cam-empty')).toMatchObject({ status: 'error', reason: expect.stringMatching(/file is empty/) });
    expect(service.ffmpegPids()).toEqual([]);
    await expect(service.setSettings('cam-empty', visionSettingsSchema.parse({ models: { people: 'gone' } }))).rejects.toThrow(/not registered/);
  }, 40_000);

  it('keeps settings across restarts, runs a registered density model, and kills every process it started on dispose', async () => {
    if (!vtest) throw new Error('vtest.avi not found: install the opencv-doc package');
    // A density model alone (no detector) keeps this test light: what is under test is the lifecycle.
    const path = join(tmp.dir, 'density.onnx');
    writeFileSync(path, densityModel(36, 64));
    await service.addModel({ id: 'dens', name: 'Mật độ', kind: 'density', path, mean: 0, std: 1 });
    await service.setSettings('cam-vtest', visionSettingsSchema.parse({ tasks: ['people'], fps: 1, models: { people: 'dens' }, lines: [{ id: 'l', name: 'L', a: [0.5, 0], b: [0.5, 1] }] }));
    const densities: (number | null)[] = [];
    service.onDetections((d) => densities.push(d.densityCount));
    await service.start('cam-vtest');
    await waitUntil(() => densities.length > 0, 25_000);
    expect(densities[0]).toBeGreaterThan(0);
    const [pid] = service.ffmpegPids();
    await service.dispose();
    expect(alive(pid!)).toBe(false);

    service = makeService();
    expect(await service.getSettings('cam-vtest')).toMatchObject({ enabled: true, fps: 1, lines: [{ id: 'l' }] });
    await service.resumeEnabled();
    await waitUntil(() => service.ffmpegPids().length === 1, 25_000);
  }, 60_000);
});
