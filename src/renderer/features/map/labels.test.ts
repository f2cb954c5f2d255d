import { describe, expect, it } from 'vitest';
import { translate, type Translate } from '../../i18n';
import { coordinatesLabel, headingLabel, kindLabel } from './labels';

const vi: Translate = (key, vars) => translate('vi', key, vars);
const en: Translate = (key, vars) => translate('en', key, vars);

describe('labels', () => {
  it('names kinds, telling AI cameras from standard ones', () => {
    expect(kindLabel(vi, 'camera', { camera: { kind: 'ai', address: '', heading: 0 } })).toBe('Camera AI');
    expect(kindLabel(vi, 'camera', { camera: { kind: 'standard', address: '', heading: 0 } })).toBe('Camera thường');
    expect(kindLabel(vi, 'floodGauge')).toMatch(/ngập/);
    expect(kindLabel(en, 'ward')).toBe('Ward');
  });

  it('writes headings with a compass word, and coordinates latitude first', () => {
    expect(headingLabel(vi, 134.6)).toBe('135° (Đông Nam)');
    expect(headingLabel(en, 270)).toBe('270° (west)');
    expect(coordinatesLabel([107.0981234, 16.8181234])).toBe('16.81812, 107.09812');
  });
});
