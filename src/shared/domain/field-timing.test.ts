import { describe, expect, it } from 'vitest';
import { distanceM, greenWaveOffsets, websterSplit } from './field-timing';

const phase = { yellowS: 3, allRedS: 2, minGreenS: 10, maxGreenS: 90 };

describe('websterSplit', () => {
  it('gives the busier phase more green and fills the cycle exactly', () => {
    const r = websterSplit({ phases: [phase, phase], flowsVehH: [900, 300], cycleS: 90 });
    expect(r.cycleS).toBe(90);
    expect(r.greenS.reduce((a, b) => a + b, 0)).toBe(80);
    expect(r.greenS[0]).toBeGreaterThan(r.greenS[1]! * 2);
    expect(r.saturation).toBeGreaterThan(0);
  });

  it('keeps every phase within its bounds', () => {
    const r = websterSplit({ phases: [phase, { ...phase, minGreenS: 15 }, phase], flowsVehH: [1500, 0, 10], cycleS: 100 });
    expect(r.greenS[1]).toBeGreaterThanOrEqual(15);
    expect(r.greenS[2]).toBeGreaterThanOrEqual(10);
    expect(r.greenS.reduce((a, b) => a + b, 0)).toBe(85);
  });

  it("chooses Webster's optimum cycle when none is imposed, longer for heavier demand", () => {
    const light = websterSplit({ phases: [phase, phase], flowsVehH: [300, 200] });
    const heavy = websterSplit({ phases: [phase, phase], flowsVehH: [900, 600] });
    expect(light.cycleS).toBeGreaterThanOrEqual(40);
    expect(heavy.cycleS).toBeGreaterThan(light.cycleS);
    expect(heavy.cycleS).toBeLessThanOrEqual(150);
  });

  it('splits evenly with no demand, and refuses mismatched inputs', () => {
    expect(websterSplit({ phases: [phase, phase], flowsVehH: [0, 0], cycleS: 60 }).greenS).toEqual([25, 25]);
    expect(() => websterSplit({ phases: [phase], flowsVehH: [1, 2] })).toThrow(RangeError);
  });
});

describe('green wave', () => {
  it('measures distance on the ground', () => {
    // One thousandth of a degree of latitude is about 111 m.
    expect(distanceM([107.1, 16.8], [107.1, 16.801])).toBeCloseTo(111.2, 0);
  });

  it('offsets each intersection by the travel time from the first, modulo the cycle', () => {
    const positions: [number, number][] = [
      [107.1, 16.8],
      [107.1, 16.805],
      [107.1, 16.82],
    ];
    const offsets = greenWaveOffsets(positions, 40, 90);
    expect(offsets[0]).toBe(0);
    // 556 m at 40 km/h is 50 s; 2224 m is 200 s, which is 20 s into the third 90 s cycle.
    expect(offsets[1]).toBe(50);
    expect(offsets[2]).toBe(20);
    expect(() => greenWaveOffsets(positions, 0, 90)).toThrow(RangeError);
  });
});
