import { describe, expect, it } from 'vitest';
import { mapStrings } from './strings';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('mapStrings', () => {
  it('has every key in Vietnamese and English, none empty, with the same placeholders', () => {
    const vi = mapStrings.vi as Record<string, string>;
    const en = mapStrings.en as Record<string, string>;
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const key of Object.keys(vi)) {
      expect(key.startsWith('map.'), key).toBe(true);
      expect(vi[key]!.trim(), key).not.toBe('');
      expect(en[key]!.trim(), key).not.toBe('');
      expect(placeholders(en[key]!), key).toEqual(placeholders(vi[key]!));
    }
  });

  it('is written in Vietnamese, diacritics and all', () => {
    expect(mapStrings.vi['map.layers']).toBe('Lớp bản đồ');
    expect(mapStrings.vi['map.layer.floodGauges']).toMatch(/ngập/);
  });
});
