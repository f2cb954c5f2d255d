import { describe, expect, it } from 'vitest';
import { labelledPlateSet } from './plate-set';
import { normalisePlate } from '../../shared/domain/plates';
import { augmentations, plateLines, renderPlateScene } from './render-plate';

describe('plate renderer', () => {
  it('is deterministic by seed and differs across seeds and augmentations', () => {
    const a = renderPlateScene({ text: '51F-123.45', layout: 'one-row', augmentation: 'night', seed: 9 });
    const b = renderPlateScene({ text: '51F-123.45', layout: 'one-row', augmentation: 'night', seed: 9 });
    const c = renderPlateScene({ text: '51F-123.45', layout: 'one-row', augmentation: 'night', seed: 10 });
    expect(Buffer.from(a.image.data).equals(Buffer.from(b.image.data))).toBe(true);
    expect(Buffer.from(a.image.data).equals(Buffer.from(c.image.data))).toBe(false);
    const clean = renderPlateScene({ text: '51F-123.45', layout: 'one-row', seed: 9 });
    for (const aug of augmentations.filter((x) => x !== 'clean')) {
      const d = renderPlateScene({ text: '51F-123.45', layout: 'one-row', augmentation: aug, seed: 9 });
      expect(Buffer.from(d.image.data).equals(Buffer.from(clean.image.data)), aug).toBe(false);
    }
  });

  it('keeps the plate box inside the image and the proportions of each layout', () => {
    for (const layout of ['one-row', 'two-row'] as const) {
      const s = renderPlateScene({ text: layout === 'one-row' ? '30A-999.99' : '59-X1 123.45', layout, seed: 2, plateWidth: 200 });
      expect(s.image.data.length).toBe(s.image.width * s.image.height * 3);
      expect(s.plateBox.x + s.plateBox.w).toBeLessThanOrEqual(s.image.width);
      const ratio = s.plateBox.h / s.plateBox.w;
      expect(ratio).toBeCloseTo(layout === 'one-row' ? 110 / 520 : 140 / 190, 1);
    }
    expect(plateLines('59-X1 123.45', 'two-row')).toEqual(['59-X1', '123.45']);
    expect(() => plateLines('59X1', 'two-row')).toThrow(/two parts/);
  });

  it('labels a balanced set whose every label is a valid plate of its layout', () => {
    const set = labelledPlateSet(50, 1);
    expect(set.filter((p) => p.layout === 'one-row')).toHaveLength(50);
    for (const aug of augmentations) expect(set.filter((p) => p.augmentation === aug)).toHaveLength(20);
    for (const p of set) expect(normalisePlate(p.text), p.text).toMatchObject({ text: p.text, layout: p.layout, valid: true });
  });
});
