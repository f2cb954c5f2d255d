import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { coreMigrations } from '../../services/store/migrations';
import { StoreService } from '../../services/store/store-service';
import { watchlistMigrations } from '../../services/watchlist/watchlist-migrations';
import { WatchlistService } from '../../services/watchlist/watchlist-service';
import { RpcRouter } from '../router';
import { FakeSessions, RecordingAudit } from '../test-factories';
import type { Handlers } from '../types';
import { createPlateHandlers } from './plates';

let store: StoreService;
let watchlist: WatchlistService;
let audit: RecordingAudit;
let router: RpcRouter;

beforeEach(async () => {
  store = await StoreService.open({ path: ':memory:', migrations: [...coreMigrations, ...watchlistMigrations] });
  watchlist = new WatchlistService({ store, clock: () => Date.parse('2026-12-01T08:00:00Z') });
  const sessions = new FakeSessions().as('viewer', 'viewer').as('operator', 'operator').as('supervisor', 'supervisor');
  audit = new RecordingAudit();
  const handlers = { ...createPlateHandlers({ watchlist, auth: sessions }) } as unknown as Handlers;
  router = new RpcRouter({ handlers, sessions, audit });
});
afterEach(async () => {
  watchlist.dispose();
  await store.dispose();
});

const call = (sessionId: string, method: string, arg?: unknown) => router.dispatch({ sessionId, transport: 'ws' }, method, arg);

describe('plate handlers through the RpcRouter', () => {
  it('let a supervisor edit the watchlist, an operator only read it, a viewer neither; edits are audited', async () => {
    expect(await call('operator', 'plates.watchlist.add', { plate: '51F-123.45', reason: 'r' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    const added = await call('supervisor', 'plates.watchlist.add', { plate: '51f12345', reason: 'xe tang vật', expiresAt: '2027-01-01T00:00:00+07:00' });
    expect(added).toMatchObject({ ok: true, value: { plate: '51F-123.45', addedBy: 'supervisor', expiresAt: '2026-12-31T17:00:00.000Z', active: true } });
    expect(await call('operator', 'plates.watchlist.list', {})).toMatchObject({ ok: true, value: [{ plate: '51F-123.45' }] });
    expect(await call('viewer', 'plates.watchlist.list', {})).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    const id = (added as { value: { id: string } }).value.id;
    expect(await call('supervisor', 'plates.watchlist.remove', { id })).toMatchObject({ ok: true, value: { active: false, removedBy: 'supervisor' } });
    expect(audit.records.map((r) => `${r.actor}:${r.action}:${r.result}`)).toEqual([
      'operator:plates.watchlist.add:error:PERMISSION_DENIED',
      'supervisor:plates.watchlist.add:ok',
      'viewer:plates.watchlist.list:error:PERMISSION_DENIED',
      'supervisor:plates.watchlist.remove:ok',
    ]);
  });

  it('refuse bad plates, duplicates and unknown ids with typed errors', async () => {
    expect(await call('supervisor', 'plates.watchlist.add', { plate: "x'; drop", reason: 'r' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await call('supervisor', 'plates.watchlist.add', { plate: 'ABCDEFGH', reason: 'r' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/not a Vietnamese plate/) } });
    expect(await call('supervisor', 'plates.watchlist.add', { plate: '51F-123.45', reason: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    await call('supervisor', 'plates.watchlist.add', { plate: '51F-123.45', reason: 'r' });
    expect(await call('supervisor', 'plates.watchlist.add', { plate: '51F12345', reason: 'r' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await call('supervisor', 'plates.watchlist.remove', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('search and list recent reads for an operator, and audit the search', async () => {
    await watchlist.recordRead({ cameraId: 'cam-1', result: { text: '30A-999.99', raw: '30A99999', confidence: 0.9, box: { x: 0, y: 0, w: 1, h: 1 }, layout: 'one-row', valid: true } });
    expect(await call('operator', 'plates.search', { query: '999' })).toMatchObject({ ok: true, value: { rows: [{ plate: '30A-999.99' }], hasMore: false } });
    expect(await call('operator', 'plates.search', { query: '*' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await call('operator', 'plates.recent', {})).toMatchObject({ ok: true, value: [{ plate: '30A-999.99', cameraId: 'cam-1' }] });
    expect(await call('viewer', 'plates.search', { query: '999' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(audit.records.filter((r) => r.action === 'plates.search').map((r) => `${r.actor}:${r.result}`)).toEqual(['operator:ok', 'operator:error:INVALID_ARGUMENT', 'viewer:error:PERMISSION_DENIED']);
  });
});
