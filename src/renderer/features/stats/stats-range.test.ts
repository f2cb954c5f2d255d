import { describe, expect, it } from 'vitest';
import { change, chartCsv, measureOf, presetRange } from './stats-range';

describe('stats range helpers', () => {
  it('ends presets at the end of the current hour', () => {
    expect(presetRange('day', Date.parse('2026-05-01T10:20:00Z'))).toEqual({ from: '2026-04-30T11:00:00.000Z', to: '2026-05-01T11:00:00.000Z' });
    expect(presetRange('week', Date.parse('2026-05-01T10:00:00Z')).from).toBe('2026-04-24T10:00:00.000Z');
  });
  it('compares with the previous period only where that means something', () => {
    expect(change(150, 100)).toBe(50);
    expect(change(50, -100)).toBe(150);
    expect(change(5, 0)).toBeNull();
    expect(change(null, 3)).toBeNull();
  });
  it('writes a chart as CSV, quoting names and defusing formulas', () => {
    const p = { bucket: '2026-05-01T00:00:00.000Z', key: 'Hùng Vương, P1', n: 4, sum: 2, min: 0, max: 1, flagged: 1 };
    expect(measureOf(p, 'ratio')).toBe(50);
    expect(chartCsv([p], [{ ...p, key: '=cmd' }], 'sum')).toBe(
      '\uFEFFperiod,bucket,series,value\r\ncurrent,2026-05-01T00:00:00.000Z,"Hùng Vương, P1",2\r\nprevious,2026-05-01T00:00:00.000Z,\'=cmd,2\r\n',
    );
  });
});
