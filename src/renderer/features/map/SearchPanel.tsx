import { useEffect, useId, useState } from 'react';
import type { SearchHit } from '../../../shared/domain/city';
import { rpc } from '../../bridge';
import { useT } from '../../i18n';
import { useCity, wardName } from '../city/city-store';
import { describeError } from '../notify/notify-store';
import { kindLabel } from './labels';
import { searchHitObject } from './map-objects';
import { useMapStore } from './map-store';
import { centreOn } from './view-state';
import { wardObject } from './WardList';

const DEBOUNCE_MS = 250;

/** Search by name (diacritics optional: "dong ha" finds "Đông Hà"); choosing a result flies there and selects it. */
export function SearchPanel() {
  const t = useT();
  const { overview, assets } = useCity();
  const [query, setQuery] = useState('');
  // Answers are kept with the query they answer, so a stale one is never shown for a newer query.
  const [answer, setAnswer] = useState<{ query: string; hits: SearchHit[]; error: string | null } | null>(null);
  const listId = useId();
  const trimmed = query.trim();
  const current = answer && answer.query === trimmed ? answer : null;
  const hits = trimmed ? (current?.hits ?? null) : null;
  const error = trimmed ? (current?.error ?? null) : null;

  useEffect(() => {
    if (!trimmed) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      rpc('city.search', { query: trimmed.slice(0, 100), limit: 20 })
        .then((result) => {
          if (!cancelled) setAnswer({ query: trimmed, hits: result, error: null });
        })
        .catch((err: unknown) => {
          if (!cancelled) setAnswer({ query: trimmed, hits: [], error: describeError(t, err) });
        });
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [trimmed, t]);

  const choose = (hit: SearchHit) => {
    const { fitBounds, moveTo, select } = useMapStore.getState();
    const ward = hit.kind === 'ward' ? overview?.wards.find((w) => w.id === hit.id) : undefined;
    if (ward) {
      fitBounds(ward.bbox);
      select(wardObject(ward));
      return;
    }
    moveTo(centreOn(hit.position, 16));
    select(searchHitObject(hit, assets));
  };

  return (
    <section className="map-panel" aria-labelledby="map-search-title">
      <h2 id="map-search-title">{t('map.search')}</h2>
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          if (hits?.[0]) choose(hits[0]);
        }}
      >
        <input
          type="search"
          value={query}
          maxLength={100}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t('map.search.placeholder')}
          aria-label={t('map.search')}
          aria-controls={listId}
          data-testid="map-search-input"
        />
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div id={listId} aria-live="polite">
        {hits && hits.length === 0 && !error && <p className="muted">{t('map.search.none')}</p>}
        {hits && hits.length > 0 && (
          <>
            <p className="muted map-search-count">{t('map.search.results', { count: hits.length })}</p>
            <ul className="map-search-results">
              {hits.map((hit) => (
                <li key={`${hit.kind}:${hit.id}`}>
                  <button type="button" onClick={() => choose(hit)} data-testid="map-search-result">
                    <span className="map-result-name">{hit.name}</span>
                    <span className="muted">
                      {kindLabel(t, hit.kind)}
                      {hit.wardId ? ` · ${wardName(overview, hit.wardId)}` : ''}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}
