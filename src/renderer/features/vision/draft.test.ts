import { describe, expect, it } from 'vitest';
import { defaultVisionSettings, visionSettingsSchema } from '../../../shared/domain/vision';
import { addPoint, canFinish, clampNorm, finishDraft, nextId, type Draft } from './draft';

const zoneDraft = (n: number): Draft => ({ kind: 'zone', points: Array.from({ length: n }, (_x, i) => clampNorm(0.1 * (i + 1), 0.2 + 0.1 * (i % 2))) });

describe('drawing zones and lines on the picture', () => {
  it('clamps clicks outside the picture to its edge', () => {
    expect(clampNorm(-0.2, 1.7)).toEqual([0, 1]);
    expect(clampNorm(0.123456, 0.5)).toEqual([0.1235, 0.5]);
  });

  it('needs three corners for a zone and exactly two ends for a line', () => {
    expect(canFinish(zoneDraft(2))).toBe(false);
    expect(canFinish(zoneDraft(3))).toBe(true);
    let line: Draft = { kind: 'line', points: [] };
    line = addPoint(addPoint(addPoint(line, [0.1, 0.1]), [0.9, 0.9]), [0.5, 0.5]);
    expect(line.points).toEqual([[0.1, 0.1], [0.9, 0.9]]);
    expect(canFinish(line)).toBe(true);
  });

  it('stops a zone at the 64 corners the contract allows', () => {
    let d: Draft = { kind: 'zone', points: [] };
    for (let i = 0; i < 70; i++) d = addPoint(d, [0.5, 0.5]);
    expect(d.points).toHaveLength(64);
  });

  it('adds finished shapes with fresh ids that the contract accepts', () => {
    let s = defaultVisionSettings();
    s = finishDraft(s, zoneDraft(4), 'Vỉa hè');
    s = finishDraft(s, zoneDraft(3), '');
    s = finishDraft(s, { kind: 'line', points: [[0.1, 0.5], [0.9, 0.5]] }, 'Làn 1');
    expect(s.zones.map((z) => z.id)).toEqual(['zone1', 'zone2']);
    expect(s.zones[0]!.name).toBe('Vỉa hè');
    expect(s.lines[0]).toMatchObject({ id: 'line1', name: 'Làn 1', a: [0.1, 0.5], b: [0.9, 0.5] });
    expect(() => visionSettingsSchema.parse(s)).not.toThrow();
    expect(nextId('zone', [{ id: 'zone1' }, { id: 'zone3' }])).toBe('zone2');
  });
});
