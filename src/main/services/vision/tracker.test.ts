import { describe, expect, it } from 'vitest';
import type { NormBox } from '../../../shared/domain/vision';
import { Tracker } from './tracker';

const person = (x: number, y: number): { cls: 'person'; score: number; box: NormBox } => ({ cls: 'person', score: 0.8, box: [x, y, 0.05, 0.15] });

describe('Tracker', () => {
  it('keeps one id per walking person across frames and counts each once', () => {
    const tracker = new Tracker();
    const confirmed: number[] = [];
    let ids: number[][] = [];
    for (let i = 0; i < 6; i++) {
      const u = tracker.update([person(0.1 + i * 0.03, 0.5), person(0.8 - i * 0.03, 0.3)], i * 500);
      confirmed.push(...u.confirmed.map((t) => t.id));
      ids.push(u.seen.map((t) => t.id).sort());
    }
    ids = ids.filter((x, i, all) => i === 0 || JSON.stringify(x) !== JSON.stringify(all[i - 1]));
    expect(ids).toEqual([[1, 2]]);
    expect(confirmed.sort()).toEqual([1, 2]);
  });

  it('follows a fast object at a low frame rate with its motion model, where IoU alone would lose it', () => {
    const tracker = new Tracker();
    // 0.06 per frame with 0.05-wide boxes: consecutive boxes never overlap.
    const seen = [0, 1, 2, 3, 4].map((i) => tracker.update([person(0.1 + i * 0.06, 0.5)], i * 1000).seen[0]!.id);
    expect(new Set(seen).size).toBe(1);
  });

  it('never merges a person with a vehicle, and lets a vehicle change class', () => {
    const tracker = new Tracker();
    tracker.update([{ cls: 'bus', score: 0.6, box: [0.4, 0.4, 0.2, 0.2] }, person(0.1, 0.1)], 0);
    const u = tracker.update([{ cls: 'truck', score: 0.7, box: [0.41, 0.4, 0.2, 0.2] }, { cls: 'person', score: 0.7, box: [0.42, 0.42, 0.05, 0.15] }], 500);
    const ids = u.seen.map((t) => [t.cls, t.id]);
    expect(ids).toContainEqual(['truck', 1]);
    expect(ids.find(([cls]) => cls === 'person')![1]).not.toBe(2);
  });

  it('ages out tracks not seen for maxAgeS and reports them ended', () => {
    const tracker = new Tracker({ maxAgeS: 2, minIou: 0.2, maxCentreDiagonals: 1, minHits: 2 });
    tracker.update([person(0.5, 0.5)], 0);
    expect(tracker.update([], 1_500).ended).toEqual([]);
    expect(tracker.update([], 2_500).ended.map((t) => t.id)).toEqual([1]);
    expect(tracker.active).toEqual([]);
    // Back after leaving: a new object, a new id.
    expect(tracker.update([person(0.5, 0.5)], 3_000).seen[0]!.id).toBe(2);
  });
});
