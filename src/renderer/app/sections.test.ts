import { describe, expect, it } from 'vitest';
import { nextSection, sectionForShortcut, sectionFromHash } from './sections';

describe('sections', () => {
  it('maps Alt+digit to sections and ignores other chords', () => {
    expect(sectionForShortcut({ altKey: true, ctrlKey: false, metaKey: false, key: '1' })).toBe('map');
    expect(sectionForShortcut({ altKey: true, ctrlKey: false, metaKey: false, key: '6' })).toBe('settings');
    expect(sectionForShortcut({ altKey: true, ctrlKey: false, metaKey: false, key: '7' })).toBe('plates');
    expect(sectionForShortcut({ altKey: true, ctrlKey: false, metaKey: false, key: '8' })).toBeNull();
    expect(sectionForShortcut({ altKey: true, ctrlKey: true, metaKey: false, key: '1' })).toBeNull();
    expect(sectionForShortcut({ altKey: false, ctrlKey: false, metaKey: false, key: '1' })).toBeNull();
  });

  it('reads the section from the URL hash, defaulting to the map', () => {
    expect(sectionFromHash('#/stats')).toBe('stats');
    expect(sectionFromHash('#settings')).toBe('settings');
    expect(sectionFromHash('#/nonsense')).toBe('map');
    expect(sectionFromHash('')).toBe('map');
  });

  it('moves with arrow keys and wraps', () => {
    expect(nextSection('map', 'ArrowDown')).toBe('cameras');
    expect(nextSection('map', 'ArrowUp')).toBe('plates');
    expect(nextSection('stats', 'End')).toBe('plates');
    expect(nextSection('stats', 'Home')).toBe('map');
    expect(nextSection('stats', 'a')).toBeNull();
  });
});
