import { describe, expect, it } from 'vitest';
import { dictionaries, format } from './dictionaries';

describe('dictionaries', () => {
  it('have the same keys in Vietnamese and English, none empty', () => {
    const vi = Object.keys(dictionaries.vi).sort();
    const en = Object.keys(dictionaries.en).sort();
    expect(en).toEqual(vi);
    for (const lang of ['vi', 'en'] as const) {
      for (const [key, text] of Object.entries(dictionaries[lang])) expect(text.trim(), `${lang}:${key}`).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(dictionaries.vi) as (keyof typeof dictionaries.vi)[]) {
      expect(vars(dictionaries.en[key]), key).toEqual(vars(dictionaries.vi[key]));
    }
  });

  it('format fills known placeholders and leaves unknown ones visible', () => {
    expect(format('{a} và {b}', { a: 1 })).toBe('1 và {b}');
  });
});
