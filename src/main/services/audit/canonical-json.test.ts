import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every level so key order never changes the text', () => {
    const a = canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'Đông Hà' } });
    const b = canonicalJson({ a: { c: 'Đông Hà', d: [3, { y: 2, z: 1 }] }, b: 1 });
    expect(a).toBe(b);
    expect(a).toBe('{"a":{"c":"Đông Hà","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('follows JSON for dates, undefined, functions and non-finite numbers', () => {
    expect(canonicalJson({ at: new Date('2025-01-02T03:04:05.000Z'), gone: undefined, fn: () => 1, nan: Number.NaN, list: [undefined] })).toBe(
      '{"at":"2025-01-02T03:04:05.000Z","list":[null],"nan":null}',
    );
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('writes bigints and cycles instead of throwing', () => {
    const cyclic: Record<string, unknown> = { n: 10n };
    cyclic.self = cyclic;
    expect(canonicalJson(cyclic)).toBe('{"n":"10","self":"[circular]"}');
    const shared = { x: 1 };
    expect(canonicalJson([shared, shared])).toBe('[{"x":1},{"x":1}]'); // repeated, not circular
  });

  it('is stable through a parse and re-serialise', () => {
    const text = canonicalJson({ f: 0.1 + 0.2, e: 1e21, s: 'a\u2028"b"', neg: -0 });
    expect(canonicalJson(JSON.parse(text))).toBe(text);
  });
});
