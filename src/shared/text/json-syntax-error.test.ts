import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError, lineColumnAt } from './json-syntax-error';

const at = (text: string) => {
  const problem = findJsonSyntaxError(text);
  expect(() => JSON.parse(text)).toThrow();
  return problem;
};

describe('findJsonSyntaxError', () => {
  it('accepts everything JSON.parse accepts', () => {
    const samples = ['{}', '[]', ' 1 ', '"a\\u00e9\\n"', '{"a":[1,-2.5e3,true,false,null,{"b":"c"}]}', '\n[\n]\n', '0', '-0.1E+2'];
    for (const text of samples) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(findJsonSyntaxError(text), text).toBeNull();
    }
  });

  it('points at a missing value', () => {
    expect(at('{"a":}')).toMatchObject({ offset: 5, line: 1, column: 6 });
  });

  it('points at a trailing comma', () => {
    const problem = at('{\n  "a": 1,\n}');
    expect(problem).toMatchObject({ line: 3, column: 1 });
    expect(problem?.message).toContain('property name');
  });

  it('points at a missing comma between array items', () => {
    expect(at('[1 2]')).toMatchObject({ offset: 3, message: "expected ',' or ']', found '2'" });
  });

  it('reports the end of a truncated file', () => {
    const text = '{"type":"FeatureCollection","features":[';
    expect(at(text)).toMatchObject({ offset: text.length, message: 'unexpected end of input' });
  });

  it('reports an unterminated string where it starts', () => {
    expect(at('["abc')).toMatchObject({ offset: 1, message: 'unterminated string' });
  });

  it('rejects single quotes, bad escapes, raw line breaks and bad numbers', () => {
    expect(at("{'a':1}")?.offset).toBe(1);
    expect(at('["\\x"]')?.message).toContain('invalid escape');
    expect(at('["a\nb"]')?.message).toContain('control character');
    expect(at('[01]')?.offset).toBe(2);
    expect(at('[.5]')?.offset).toBe(1);
    expect(at('[NaN]')?.offset).toBe(1);
  });

  it('rejects text after the value', () => {
    expect(at('{} x')).toMatchObject({ offset: 3 });
  });

  it('survives nesting far deeper than any call stack', () => {
    const text = '['.repeat(200_000);
    expect(at(text)?.message).toBe('unexpected end of input');
  });
});

describe('lineColumnAt', () => {
  it('counts lines and columns from 1', () => {
    expect(lineColumnAt('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumnAt('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
