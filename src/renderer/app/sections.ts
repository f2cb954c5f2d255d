import type { MessageKey } from '../i18n';

// Biển số comes last so the earlier sections keep their Alt+digit shortcuts.
export const sections = ['map', 'cameras', 'incidents', 'control', 'stats', 'settings', 'plates'] as const;
export type Section = (typeof sections)[number];

export const sectionLabel: Record<Section, MessageKey> = {
  map: 'nav.map',
  cameras: 'nav.cameras',
  incidents: 'nav.incidents',
  control: 'nav.control',
  stats: 'nav.stats',
  settings: 'nav.settings',
  plates: 'nav.plates',
};

/** Alt+1 … Alt+7 jump to a section, in the order of the navigation bar. */
export function sectionForShortcut(e: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'key'>): Section | null {
  if (!e.altKey || e.ctrlKey || e.metaKey) return null;
  const index = Number(e.key) - 1;
  return Number.isInteger(index) && index >= 0 && index < sections.length ? sections[index]! : null;
}

export function sectionFromHash(hash: string): Section {
  const name = hash.replace(/^#\/?/, '');
  return (sections as readonly string[]).includes(name) ? (name as Section) : 'map';
}

/** Arrow keys move along the navigation bar, wrapping around; Home/End jump to its ends. */
export function nextSection(current: Section, key: string): Section | null {
  const i = sections.indexOf(current);
  switch (key) {
    case 'ArrowDown':
    case 'ArrowRight':
      return sections[(i + 1) % sections.length]!;
    case 'ArrowUp':
    case 'ArrowLeft':
      return sections[(i - 1 + sections.length) % sections.length]!;
    case 'Home':
      return sections[0];
    case 'End':
      return sections[sections.length - 1]!;
    default:
      return null;
  }
}
