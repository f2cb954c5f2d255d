import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CityService } from '../../services/city/city-service';
import { makeCityService, makeTempDir, smallLayer, type TempDir } from '../../services/city/test-support';
import { RpcRouter } from '../router';
import { FakeSessions, makeOperator, RecordingAudit } from '../test-factories';
import type { Handlers } from '../types';
import { createCityHandlers } from './city';

let tmp: TempDir;
let city: CityService;
let sessions: FakeSessions;
let audit: RecordingAudit;
let router: RpcRouter;

beforeEach(async () => {
  tmp = makeTempDir();
  city = (await makeCityService(tmp.path)).service;
  sessions = new FakeSessions().as('viewer', 'viewer').as('locked', 'operator', true);
  sessions.sessions.set('trucban', { operator: { ...makeOperator('operator'), id: 'op-trucban', username: 'trucban' }, locked: false });
  audit = new RecordingAudit();
  // Only the city.* and map.userLayers.* entries are served; the rest of the contract is not under test here.
  const handlers = { ...createCityHandlers({ city, auth: sessions }) } as unknown as Handlers;
  router = new RpcRouter({ handlers, sessions, audit, onInternalError: (method, err) => console.error(method, err) });
});
afterEach(async () => {
  await city.dispose();
  tmp.cleanup();
});

const call = (sessionId: string, method: string, arg?: unknown) => router.dispatch({ sessionId, transport: 'ws' }, method, arg);

describe('city handlers through the RpcRouter', () => {
  it('serve the overview, basemap and assets to any logged-in operator', async () => {
    const overview = await call('viewer', 'city.overview', {});
    expect(overview).toMatchObject({ ok: true, value: { id: 'dong-ha' } });
    const basemap = await call('viewer', 'city.basemap');
    expect(basemap.ok && (basemap.value as { wards: { features: unknown[] } }).wards.features).toHaveLength(9);
    const assets = await call('viewer', 'city.assets', {});
    expect(assets.ok && (assets.value as { cameras: unknown[] }).cameras.length).toBeGreaterThan(50);
  });

  it('refuse anonymous and locked callers', async () => {
    expect(await call('nobody', 'city.overview', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await call('locked', 'city.assets', {})).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
  });

  it('search with the contract default limit, diacritics folded', async () => {
    const result = await call('viewer', 'city.search', { query: 'hung vuong' });
    expect(result.ok).toBe(true);
    const hits = (result as { value: { kind: string; name: string }[] }).value;
    expect(hits[0]).toMatchObject({ kind: 'street', name: 'Hùng Vương' });
    expect(hits.length).toBeLessThanOrEqual(20);
    expect(await call('viewer', 'city.search', { query: 'cam-ai-03', limit: 1 })).toMatchObject({ ok: true, value: [{ id: 'cam-ai-03' }] });
    expect(await call('viewer', 'city.search', { query: '   ' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('import a layer stamped with the caller, list it, and audit the import without the file body', async () => {
    const imported = await call('trucban', 'map.userLayers.import', { name: 'Điểm ngập', geojson: smallLayer() });
    expect(imported).toMatchObject({ ok: true, value: { name: 'Điểm ngập', importedBy: 'trucban', featureCount: 2 } });
    const listed = await call('viewer', 'map.userLayers.list', {});
    expect(listed).toMatchObject({ ok: true, value: [{ name: 'Điểm ngập', data: { type: 'FeatureCollection' } }] });
    expect(audit.records).toEqual([{ actor: 'trucban', action: 'map.userLayers.import', args: { name: 'Điểm ngập', geojson: '***' }, result: 'ok' }]);
  });

  it('answer a malformed file with INVALID_ARGUMENT and the error list, and change nothing', async () => {
    const result = await call('trucban', 'map.userLayers.import', { name: 'hỏng', geojson: '{"type":"Feature","geometry":{"type":"Point","coordinates":[500,16]}}' });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('longitude 500 is outside'),
        details: { errors: [{ path: 'geometry.coordinates', message: expect.stringContaining('longitude 500') }], errorCount: 1 },
      },
    });
    expect(await call('viewer', 'map.userLayers.list', {})).toEqual({ ok: true, value: [] });
    expect(audit.records.at(-1)).toMatchObject({ action: 'map.userLayers.import', result: 'error:INVALID_ARGUMENT' });
  });

  it('refuse imports and removals to a viewer, and record the refusal', async () => {
    expect(await call('viewer', 'map.userLayers.import', { name: 'x', geojson: smallLayer() })).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
    expect(await call('viewer', 'map.userLayers.remove', { id: 'layer-test-1' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(audit.records.map((r) => r.result)).toEqual(['error:PERMISSION_DENIED', 'error:PERMISSION_DENIED']);
    expect(city.listUserLayers()).toEqual([]);
  });

  it('remove a layer, and answer NOT_FOUND for one that does not exist', async () => {
    const imported = await call('trucban', 'map.userLayers.import', { name: 'a', geojson: smallLayer() });
    const id = (imported as { value: { id: string } }).value.id;
    expect(await call('trucban', 'map.userLayers.remove', { id })).toEqual({ ok: true, value: { removed: true } });
    expect(await call('trucban', 'map.userLayers.remove', { id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('viewer', 'map.userLayers.list', {})).toEqual({ ok: true, value: [] });
  });

  it('reject arguments the contract does not allow before the service sees them', async () => {
    expect(await call('trucban', 'map.userLayers.import', { name: '', geojson: smallLayer() })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await call('trucban', 'map.userLayers.import', { name: 'x', geojson: smallLayer(), importedBy: 'someone-else' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    expect(city.listUserLayers()).toEqual([]);
  });
});

describe('createCityHandlers without a session', () => {
  it('refuses to stamp an import when the session has ended mid-call', async () => {
    const handlers = createCityHandlers({ city, auth: { current: () => ({ operator: null }) } });
    await expect(Promise.resolve().then(() => handlers['map.userLayers.import']({ name: 'x', geojson: smallLayer() }, { sessionId: 's', transport: 'ipc' }))).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });
});
