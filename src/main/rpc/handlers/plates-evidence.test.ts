import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { coreMigrations } from '../../services/store/migrations';
import { StoreService } from '../../services/store/store-service';
import { watchlistMigrations } from '../../services/watchlist/watchlist-migrations';
import { WatchlistService } from '../../services/watchlist/watchlist-service';
import { RpcRouter } from '../router';
import { FakeSessions, RecordingAudit } from '../test-factories';
import type { Handlers } from '../types';
import { createPlateHandlers } from './plates';

let dir: string;
let store: StoreService;
let watchlist: WatchlistService;
let router: RpcRouter;
const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
const read = { text: '51F-888.88', raw: '51F88888', confidence: 0.93, box: { x: 0, y: 0, w: 1, h: 1 }, layout: 'one-row' as const, valid: true };

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plates-evidence-'));
  store = await StoreService.open({ path: ':memory:', migrations: [...coreMigrations, ...watchlistMigrations] });
  watchlist = new WatchlistService({ store, evidenceDir: join(dir, 'plates') });
  const sessions = new FakeSessions().as('viewer', 'viewer').as('operator', 'operator');
  router = new RpcRouter({ handlers: { ...createPlateHandlers({ watchlist, auth: sessions }) } as unknown as Handlers, sessions, audit: new RecordingAudit() });
});
afterEach(async () => {
  watchlist.dispose();
  await store.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const call = (sessionId: string, method: string, arg?: unknown) => router.dispatch({ sessionId, transport: 'ws' }, method, arg);

describe('plates.evidence', () => {
  it('returns the crop kept for a read as base64 JPEG to an operator, not to a viewer', async () => {
    const record = await watchlist.recordRead({ cameraId: 'cam-ai-08', result: read, cropJpeg: jpeg });
    expect(record.evidence).toBeTruthy();
    expect(await call('operator', 'plates.evidence', { id: record.id })).toEqual({ ok: true, value: { mime: 'image/jpeg', base64: Buffer.from(jpeg).toString('base64') } });
    expect(await call('viewer', 'plates.evidence', { id: record.id })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
  });

  it('answers null for a read without a crop, an unknown id, and a row that points outside the evidence folder', async () => {
    const bare = await watchlist.recordRead({ cameraId: 'cam-ai-08', result: read });
    expect(await call('operator', 'plates.evidence', { id: bare.id })).toEqual({ ok: true, value: null });
    expect(await call('operator', 'plates.evidence', { id: 'nope' })).toEqual({ ok: true, value: null });
    const outside = join(dir, 'outside.jpg');
    writeFileSync(outside, jpeg);
    const kept = await watchlist.recordRead({ cameraId: 'cam-ai-08', result: read, cropJpeg: jpeg });
    await store.run('UPDATE plate_reads SET evidence = $1 WHERE id = $2', [outside, kept.id]);
    expect(await call('operator', 'plates.evidence', { id: kept.id })).toEqual({ ok: true, value: null });
    expect(await call('operator', 'plates.evidence', { id: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});
