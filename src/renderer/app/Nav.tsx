import { useRef } from 'react';
import { useT } from '../i18n';
import { nextSection, sectionLabel, sections, type Section } from './sections';

const icons: Record<Section, string> = { map: '◎', cameras: '▣', incidents: '⚠', control: '⚙', stats: '▤', settings: '☰', plates: '▭' };

/** Roving tab-index: one Tab stop for the whole bar, arrows move within it (WAI-ARIA toolbar pattern). */
export function Nav({ current, onSelect }: { current: Section; onSelect(section: Section): void }) {
  const t = useT();
  const refs = useRef(new Map<Section, HTMLButtonElement>());
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <div className="nav-brand" aria-hidden="true">
        IOC
      </div>
      {sections.map((section, i) => (
        <button
          key={section}
          ref={(el) => void (el ? refs.current.set(section, el) : refs.current.delete(section))}
          type="button"
          className="nav-item"
          data-testid={`nav-${section}`}
          aria-current={current === section ? 'page' : undefined}
          tabIndex={current === section ? 0 : -1}
          title={`${t(sectionLabel[section])} (Alt+${i + 1})`}
          onClick={() => onSelect(section)}
          onKeyDown={(e) => {
            const next = nextSection(section, e.key);
            if (!next) return;
            e.preventDefault();
            onSelect(next);
            refs.current.get(next)?.focus();
          }}
        >
          <span className="nav-icon" aria-hidden="true">
            {icons[section]}
          </span>
          <span className="nav-label">{t(sectionLabel[section])}</span>
        </button>
      ))}
    </nav>
  );
}
