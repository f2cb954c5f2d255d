import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnalyticsEventInput } from '../../../shared/domain/analytics';
import type { PlateHit, PlateReadResult } from '../../../shared/domain/plates';
import { coreMigrations } from '../store/migrations';
import { StoreService } from '../store/store-service';
import { makeTempDir } from '../store/test-support';
import { watchlistMigrations } from './watchlist-migrations';
import { WatchlistError, WatchlistService } from './watchlist-service';

let store: StoreService;
let now: number;
let events: AnalyticsEventInput[];
let svc: WatchlistService;
let tmp: ReturnType<typeof makeTempDir>;

const read = (text: string, layout: PlateReadResult['layout'] = 'one-row'): PlateReadResult => ({ text, raw: text, confidence: 0.9, box: { x: 0, y: 0, w: 10, h: 5 }, layout, valid: true });

beforeEach(async () => {
  store = await StoreService.open({ path: ':memory:', migrations: [...coreMigrations, ...watchlistMigrations] });
  now = Date.parse('2026-12-01T08:00:00Z');
  events = [];
  tmp = makeTempDir('ioc-plates-');
  let n = 0;
  svc = new WatchlistService({ store, clock: () => now, sink: (e) => events.push(e), evidenceDir: tmp.dir, newId: () => `id-${String(++n).padStart(4, '0')}` });
});
afterEach(async () => {
  svc.dispose();
  await store.dispose();
  tmp.cleanup();
});

describe('WatchlistService: the list', () => {
  it('normalises what a supervisor enters, refuses non-plates and duplicates', async () => {
    const e = await svc.add({ plate: '51f 12345', reason: 'xe trộm' }, 'giamsat');
    expect(e).toMatchObject({ plate: '51F-123.45', reason: 'xe trộm', addedBy: 'giamsat', active: true, expiresAt: null });
    await expect(svc.add({ plate: 'hello', reason: 'x' }, 'giamsat')).rejects.toMatchObject({ code: 'INVALID_PLATE' });
    await expect(svc.add({ plate: '51F-123.45', reason: 'again' }, 'giamsat')).rejects.toBeInstanceOf(WatchlistError);
    expect((await svc.list()).map((x) => x.plate)).toEqual(['51F-123.45']);
  });

  it('removes softly: the entry stops hitting but stays in the record', async () => {
    const e = await svc.add({ plate: '30A-999.99', reason: 'r' }, 'giamsat');
    expect(await svc.match('30A-999.99')).not.toBeNull();
    const removed = await svc.remove(e.id, 'admin');
    expect(removed).toMatchObject({ active: false, removedBy: 'admin' });
    expect(await svc.match('30A-999.99')).toBeNull();
    expect(await svc.list()).toEqual([]);
    expect(await svc.list({ includeInactive: true })).toHaveLength(1);
    await expect(svc.remove(e.id, 'admin')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lets an entry expire: before the instant it hits, at and after it does not', async () => {
    await svc.add({ plate: '59-X1 123.45', reason: 'r', expiresAt: new Date(now + 60_000) }, 'giamsat');
    expect((await svc.match('59-X1 123.45'))?.match).toBe('exact');
    now += 60_000;
    expect(await svc.match('59-X1 123.45')).toBeNull();
    expect(await svc.list()).toEqual([]);
    // An expired plate can be listed again.
    await expect(svc.add({ plate: '59-X1 123.45', reason: 'again' }, 'giamsat')).resolves.toMatchObject({ active: true });
    await expect(svc.add({ plate: '29A-1234', reason: 'r', expiresAt: new Date(now - 1) }, 'giamsat')).rejects.toMatchObject({ code: 'INVALID_PLATE' });
  });
});

describe('WatchlistService: matching reads', () => {
  it('says exact or confusable, and misses a different plate', async () => {
    const e = await svc.add({ plate: '59-S5 123.45', reason: 'r' }, 'giamsat');
    expect(await svc.match('59S5 12345')).toMatchObject({ entry: { id: e.id }, match: 'exact' });
    expect(await svc.match('59-SS 123.45')).toMatchObject({ entry: { id: e.id }, match: 'confusable' });
    expect(await svc.match('59-S5 123.46')).toBeNull();
    expect(await svc.match('')).toBeNull();
  });

  it('records a read, emits it, raises a hit and one analytics event with flag = hit, label = plate', async () => {
    const entry = await svc.add({ plate: '51F-123.45', reason: 'truy nã' }, 'giamsat');
    const hits: PlateHit[] = [];
    svc.onHit((h) => hits.push(h));
    const seen: string[] = [];
    svc.onRead((r) => seen.push(r.plate));
    const hit = await svc.recordRead({ cameraId: 'cam-1', result: read('51F-123.45'), cropJpeg: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), trackId: 't7' });
    const miss = await svc.recordRead({ cameraId: 'cam-1', result: read('51F-999.99') });
    expect(hit).toMatchObject({ hit: 'exact', watchlistId: entry.id, trackId: 't7', cameraId: 'cam-1' });
    expect(miss).toMatchObject({ hit: null, watchlistId: null, evidence: null });
    expect(existsSync(hit.evidence!)).toBe(true);
    expect([...readFileSync(hit.evidence!)]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ match: 'exact', entry: { reason: 'truy nã' }, read: { plate: '51F-123.45' } });
    expect(seen).toEqual(['51F-123.45', '51F-999.99']);
    expect(events).toMatchObject([
      { kind: 'plate.read', source: 'cam-1', flag: true, label: '51F-123.45' },
      { kind: 'plate.read', source: 'cam-1', flag: false, label: '51F-999.99' },
    ]);
    expect((await svc.recent(10)).map((r) => r.plate)).toEqual(['51F-999.99', '51F-123.45']);
  });
});

describe('WatchlistService: search', () => {
  beforeEach(async () => {
    const plates = ['51F-123.45', '51F-128.00', '30A-999.99', '59-X1 123.45', '29-B1 1234', '51D-555.55'];
    for (const [i, p] of plates.entries()) {
      now += 1000;
      await svc.recordRead({ cameraId: i % 2 ? 'cam-2' : 'cam-1', result: read(p, p.includes(' ') ? 'two-row' : 'one-row') });
    }
  });

  it('finds by substring, prefix and wildcard, newest first', async () => {
    const q = (query: string, more: Record<string, unknown> = {}) =>
      svc.search({ query, prefix: false, hitsOnly: false, limit: 50, offset: 0, ...more }).then((r) => r.rows.map((x) => x.plate));
    expect(await q('123.45')).toEqual(['59-X1 123.45', '51F-123.45']);
    expect(await q('51F', { prefix: true })).toEqual(['51F-128.00', '51F-123.45']);
    expect(await q('12', { prefix: true })).toEqual([]);
    expect(await q('51*45')).toEqual(['51F-123.45']);
    expect(await q('5?X*')).toEqual(['59-X1 123.45']);
    expect(await q('5?-*')).toHaveLength(4); // separators are ignored: 5, any one character, anything
    expect(await q('X1')).toEqual(['59-X1 123.45']);
    expect(await q('51F', { cameraId: 'cam-2' })).toEqual(['51F-128.00']);
    // Reads are 1 s apart from 08:00:01; [08:00:02, 08:00:04) holds the 2nd and 3rd.
    expect(await q('*0*', { from: '2026-12-01T08:00:02Z', to: '2026-12-01T08:00:04Z' })).toEqual(['30A-999.99', '51F-128.00']);
  });

  it('tolerates confusables in the query', async () => {
    const r = await svc.search({ query: 'S1O-SSS', prefix: false, hitsOnly: false, limit: 50, offset: 0 });
    expect(r.rows.map((x) => x.plate)).toEqual(['51D-555.55']);
  });

  it('pages with limit and offset and says whether more remain', async () => {
    const p1 = await svc.search({ query: '*', prefix: false, hitsOnly: false, limit: 4, offset: 0 }).catch((e: Error) => e);
    expect(p1).toBeInstanceOf(WatchlistError);
    const a = await svc.search({ query: '5', prefix: false, hitsOnly: false, limit: 2, offset: 0 });
    const b = await svc.search({ query: '5', prefix: false, hitsOnly: false, limit: 2, offset: 2 });
    const c = await svc.search({ query: '5', prefix: false, hitsOnly: false, limit: 2, offset: 4 });
    expect(a.hasMore).toBe(true);
    expect(b.hasMore).toBe(false);
    expect(c.rows).toEqual([]);
    expect([...a.rows, ...b.rows].map((r) => r.plate)).toEqual(['51D-555.55', '59-X1 123.45', '51F-128.00', '51F-123.45']);
  });

  it('filters hits only', async () => {
    await svc.add({ plate: '30A-999.99', reason: 'r' }, 'giamsat');
    await svc.recordRead({ cameraId: 'cam-3', result: read('30A-999.99') });
    const r = await svc.search({ query: '30A', prefix: true, hitsOnly: true, limit: 50, offset: 0 });
    expect(r.rows).toMatchObject([{ cameraId: 'cam-3', hit: 'exact' }]);
  });
});
