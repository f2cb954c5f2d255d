import { describe, expect, it } from 'vitest';
import { TileCache } from './tile-cache';

const bytes = (n: number) => new Uint8Array(n);

describe('TileCache', () => {
  it('evicts the least recently used entry past the count limit', () => {
    const cache = new TileCache({ maxEntries: 2, maxBytes: 1000 });
    cache.set('a', bytes(1));
    cache.set('b', bytes(1));
    cache.get('a'); // a is now fresher than b
    cache.set('c', bytes(1));
    expect(cache.has('a')).toBe(true);
    expect(cache.has('b')).toBe(false);
    expect(cache.has('c')).toBe(true);
  });

  it('evicts until the byte total fits, and keeps the count of bytes exact', () => {
    const cache = new TileCache({ maxEntries: 100, maxBytes: 10 });
    cache.set('a', bytes(4));
    cache.set('b', bytes(4));
    cache.set('c', bytes(4));
    expect(cache.has('a')).toBe(false);
    expect(cache.byteSize).toBe(8);
    cache.set('b', bytes(1)); // replacing an entry counts only the new size
    expect(cache.byteSize).toBe(5);
    cache.delete('c');
    expect(cache.byteSize).toBe(1);
  });

  it('remembers misses as null, distinct from not cached', () => {
    const cache = new TileCache({ maxEntries: 10, maxBytes: 10 });
    cache.set('empty', null);
    expect(cache.get('empty')).toBeNull();
    expect(cache.get('unknown')).toBeUndefined();
  });

  it('never stores a tile larger than the whole budget', () => {
    const cache = new TileCache({ maxEntries: 10, maxBytes: 10 });
    cache.set('small', bytes(5));
    cache.set('huge', bytes(11));
    expect(cache.has('huge')).toBe(false);
    expect(cache.has('small')).toBe(true);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.byteSize).toBe(0);
  });
});
