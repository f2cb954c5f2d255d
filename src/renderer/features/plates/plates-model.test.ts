import { describe, expect, it } from 'vitest';
import type { PlateHit, PlateReadRecord, WatchlistEntry } from '../../../shared/domain/plates';
import { applyHit, confidencePercent, expiryToIso, mergeRead, mergeReads, pageNumber, pageOffset, platePreview } from './plates-model';

const read = (id: string, ts: string, over: Partial<PlateReadRecord> = {}): PlateReadRecord => ({
  id,
  ts,
  cameraId: 'cam-ai-08',
  plate: '51F-888.88',
  raw: '51F88888',
  confidence: 0.9,
  layout: 'one-row',
  valid: true,
  hit: null,
  watchlistId: null,
  trackId: null,
  evidence: null,
  ...over,
});
const entry: WatchlistEntry = { id: 'w1', plate: '51F-888.88', reason: 'xe tang vật', addedBy: 'admin', addedAt: '2026-12-01T00:00:00.000Z', expiresAt: null, active: true, removedAt: null, removedBy: null };

describe('live read list', () => {
  it('keeps newest first, one row per read, at most max rows', () => {
    let list: PlateReadRecord[] = [];
    list = mergeRead(list, read('a', '2026-12-01T08:00:01.000Z'));
    list = mergeRead(list, read('c', '2026-12-01T08:00:03.000Z'));
    list = mergeRead(list, read('b', '2026-12-01T08:00:02.000Z'));
    expect(list.map((r) => r.id)).toEqual(['c', 'b', 'a']);
    list = mergeRead(list, read('b', '2026-12-01T08:00:02.000Z', { confidence: 0.5 }));
    expect(list.map((r) => [r.id, r.confidence])).toEqual([['c', 0.9], ['b', 0.5], ['a', 0.9]]);
    expect(mergeRead(list, read('d', '2026-12-01T08:00:04.000Z'), 2).map((r) => r.id)).toEqual(['d', 'c']);
    expect(mergeReads([read('x', '2026-12-01T09:00:00.000Z')], list).map((r) => r.id)).toEqual(['x', 'c', 'b', 'a']);
  });

  it('marks the read of a hit with its match and entry', () => {
    const hit: PlateHit = { read: read('a', '2026-12-01T08:00:01.000Z'), entry, match: 'confusable' };
    const [marked] = applyHit([read('a', '2026-12-01T08:00:01.000Z')], hit);
    expect(marked).toMatchObject({ id: 'a', hit: 'confusable', watchlistId: 'w1' });
  });
});

describe('form helpers', () => {
  it('turns a datetime-local value into an ISO time with the offset; empty is never, junk is null', () => {
    expect(expiryToIso('2027-01-01T00:00', 420)).toBe('2027-01-01T00:00:00+07:00');
    expect(expiryToIso('2027-01-01T00:00:30', -90)).toBe('2027-01-01T00:00:30-01:30');
    expect(expiryToIso('  ')).toBeUndefined();
    expect(expiryToIso('tomorrow', 0)).toBeNull();
    expect(new Date(expiryToIso('2027-06-01T12:00')!).getTime()).toBe(new Date(2027, 5, 1, 12, 0).getTime());
  });

  it('previews the normalised plate only once it is one', () => {
    expect(platePreview('51f88888')).toBe('51F-888.88');
    expect(platePreview('51F')).toBeNull();
    expect(platePreview('ABCDEFGH')).toBeNull();
  });

  it('formats confidence and pages', () => {
    expect(confidencePercent(0.934)).toBe('93 %');
    expect(confidencePercent(1.2)).toBe('100 %');
    expect(pageOffset(0, -1)).toBe(0);
    expect(pageOffset(20, 1)).toBe(40);
    expect(pageNumber(40)).toBe(3);
  });
});
