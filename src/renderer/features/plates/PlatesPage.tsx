import { useEffect, useState } from 'react';
import type { PlateReadRecord, PlateSearchResult } from '../../../shared/domain/plates';
import { rpc } from '../../bridge';
import { useLanguage, useT } from '../../i18n';
import { useCan } from '../auth/use-permission';
import { useCity } from '../city/city-store';
import { notifyError, useNotify } from '../notify/notify-store';
import { confidencePercent, expiryToIso, pageNumber, pageOffset, platePreview, SEARCH_PAGE, type SearchPage } from './plates-model';
import { usePlates } from './plates-store';
import './plates.css';

/** Biển số: live plate reads with their crops, plate search over history, and the watchlist (danh sách đen). */
export function PlatesPage() {
  const t = useT();
  const canRead = useCan('plates.read');
  const ensureCity = useCity((s) => s.ensureLoaded);
  const { loadRecent, loadWatchlist } = usePlates();

  useEffect(() => void ensureCity(), [ensureCity]);
  useEffect(() => {
    if (!canRead) return;
    loadRecent().catch((err: unknown) => notifyError(t, err));
    loadWatchlist().catch((err: unknown) => notifyError(t, err));
  }, [canRead, loadRecent, loadWatchlist, t]);

  return (
    <div className="page plates-page" data-testid="plates-page">
      <h1>{t('plates.title')}</h1>
      {canRead ? (
        <div className="plates-grid">
          <RecentReads />
          <div className="plates-column">
            <PlateSearch />
            <Watchlist />
          </div>
        </div>
      ) : (
        <p className="muted">{t('plates.noAccess')}</p>
      )}
    </div>
  );
}

function useTime(): (iso: string) => string {
  const language = useLanguage((s) => s.language);
  // Four-digit years: an expiry of "31/12/99" is ambiguous.
  return (iso) =>
    new Date(iso).toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

function useCameraName(): (id: string) => string {
  const cameras = useCity((s) => s.assets?.cameras);
  return (id) => cameras?.find((c) => c.id === id)?.name ?? id;
}

function Crop({ read }: { read: PlateReadRecord }) {
  const t = useT();
  const crop = usePlates((s) => s.crops[read.id]);
  const loadCrop = usePlates((s) => s.loadCrop);
  useEffect(() => {
    if (read.evidence && crop === undefined) loadCrop(read.id);
  }, [read.evidence, read.id, crop, loadCrop]);
  return crop ? <img className="plate-crop" src={crop} alt={t('plates.cropAlt', { plate: read.plate })} /> : <span className="muted">{t('plates.noCrop')}</span>;
}

function ReadsTable({ reads, testId }: { reads: readonly PlateReadRecord[]; testId: string }) {
  const t = useT();
  const time = useTime();
  const cameraName = useCameraName();
  const watchlist = usePlates((s) => s.watchlist);
  return (
    <table className="plates-table" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t('plates.col.time')}</th>
          <th scope="col">{t('plates.col.camera')}</th>
          <th scope="col">{t('plates.col.plate')}</th>
          <th scope="col">{t('plates.col.confidence')}</th>
          <th scope="col">{t('plates.col.evidence')}</th>
        </tr>
      </thead>
      <tbody>
        {reads.map((r) => {
          const entry = r.watchlistId ? watchlist.find((e) => e.id === r.watchlistId) : undefined;
          return (
            <tr key={r.id} className={r.hit ? 'plate-hit' : undefined} data-testid="plate-read" data-plate={r.plate} data-hit={r.hit ?? undefined}>
              <td>{time(r.ts)}</td>
              <td>{cameraName(r.cameraId)}</td>
              <td>
                <span className="plate-text">{r.plate}</span>
                {r.valid ? null : <span className="muted"> ({t('plates.invalid')})</span>}
                {r.hit ? (
                  <span className="plate-badge" title={entry?.reason}>
                    {t('plates.hitBadge')}
                    {r.hit === 'confusable' ? ` · ${t('plates.confusable')}` : ''}
                  </span>
                ) : null}
              </td>
              <td>{confidencePercent(r.confidence)}</td>
              <td>
                <Crop read={r} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function RecentReads() {
  const t = useT();
  const recent = usePlates((s) => s.recent);
  return (
    <section className="plates-card" aria-labelledby="plates-recent-title">
      <h2 id="plates-recent-title">
        {t('plates.recent')} <span className="plates-live">● {t('plates.live')}</span>
      </h2>
      {recent.length === 0 ? <p className="muted">{t('plates.recentEmpty')}</p> : <ReadsTable reads={recent} testId="plates-recent" />}
    </section>
  );
}

function PlateSearch() {
  const t = useT();
  const [query, setQuery] = useState('');
  const [prefix, setPrefix] = useState(false);
  const [hitsOnly, setHitsOnly] = useState(false);
  const [shown, setShown] = useState<{ page: SearchPage; result: PlateSearchResult } | null>(null);
  const [busy, setBusy] = useState(false);

  const run = (page: SearchPage) => {
    setBusy(true);
    rpc('plates.search', { query: page.query, prefix: page.prefix, hitsOnly: page.hitsOnly, limit: SEARCH_PAGE, offset: page.offset })
      .then((result) => setShown({ page, result }))
      .catch((err: unknown) => notifyError(t, err))
      .finally(() => setBusy(false));
  };

  return (
    <section className="plates-card" aria-labelledby="plates-search-title">
      <h2 id="plates-search-title">{t('plates.search')}</h2>
      <form
        className="plates-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (query.trim()) run({ query: query.trim(), prefix, hitsOnly, offset: 0 });
        }}
      >
        <label>
          {t('plates.searchQuery')}
          <input type="search" value={query} maxLength={20} onChange={(e) => setQuery(e.target.value)} data-testid="plates-search-query" />
        </label>
        <label className="plates-check">
          <input type="checkbox" checked={prefix} onChange={(e) => setPrefix(e.target.checked)} />
          {t('plates.searchPrefix')}
        </label>
        <label className="plates-check">
          <input type="checkbox" checked={hitsOnly} onChange={(e) => setHitsOnly(e.target.checked)} />
          {t('plates.searchHitsOnly')}
        </label>
        <button type="submit" disabled={busy || !query.trim()} data-testid="plates-search-go">
          {t('plates.searchGo')}
        </button>
      </form>
      {shown ? (
        <div data-testid="plates-search-results">
          {shown.result.rows.length === 0 ? <p className="muted">{t('plates.searchEmpty')}</p> : <ReadsTable reads={shown.result.rows} testId="plates-search-table" />}
          <div className="plates-pager">
            <button type="button" disabled={busy || shown.page.offset === 0} onClick={() => run({ ...shown.page, offset: pageOffset(shown.page.offset, -1) })}>
              {t('plates.prev')}
            </button>
            <span data-testid="plates-search-page">{t('plates.page', { page: pageNumber(shown.page.offset) })}</span>
            <button type="button" disabled={busy || !shown.result.hasMore} onClick={() => run({ ...shown.page, offset: pageOffset(shown.page.offset, 1) })}>
              {t('plates.next')}
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}

function Watchlist() {
  const t = useT();
  const time = useTime();
  const canManage = useCan('watchlist.manage');
  const watchlist = usePlates((s) => s.watchlist);
  const loadWatchlist = usePlates((s) => s.loadWatchlist);
  const push = useNotify((s) => s.push);
  const [plate, setPlate] = useState('');
  const [reason, setReason] = useState('');
  const [expiry, setExpiry] = useState('');
  const [busy, setBusy] = useState(false);
  const preview = platePreview(plate);
  const expiresAt = expiryToIso(expiry);

  const add = () => {
    if (!preview || !reason.trim() || expiresAt === null) return;
    setBusy(true);
    rpc('plates.watchlist.add', { plate: plate.trim(), reason: reason.trim(), ...(expiresAt ? { expiresAt } : {}) })
      .then(async (entry) => {
        push('info', t('plates.added', { plate: entry.plate }));
        setPlate('');
        setReason('');
        setExpiry('');
        await loadWatchlist();
      })
      .catch((err: unknown) => notifyError(t, err))
      .finally(() => setBusy(false));
  };

  const remove = (id: string, text: string) => {
    if (!window.confirm(t('plates.removeConfirm', { plate: text }))) return;
    rpc('plates.watchlist.remove', { id })
      .then(async () => {
        push('info', t('plates.removed', { plate: text }));
        await loadWatchlist();
      })
      .catch((err: unknown) => notifyError(t, err));
  };

  return (
    <section className="plates-card" aria-labelledby="plates-watchlist-title">
      <h2 id="plates-watchlist-title">{t('plates.watchlist')}</h2>
      {watchlist.length === 0 ? (
        <p className="muted">{t('plates.watchlistEmpty')}</p>
      ) : (
        <table className="plates-table" data-testid="plates-watchlist">
          <thead>
            <tr>
              <th scope="col">{t('plates.col.plate')}</th>
              <th scope="col">{t('plates.col.reason')}</th>
              <th scope="col">{t('plates.col.addedBy')}</th>
              <th scope="col">{t('plates.col.expires')}</th>
              {canManage ? <th scope="col" /> : null}
            </tr>
          </thead>
          <tbody>
            {watchlist.map((e) => (
              <tr key={e.id} data-testid="watchlist-entry" data-plate={e.plate}>
                <td className="plate-text">{e.plate}</td>
                <td>{e.reason}</td>
                <td>{e.addedBy}</td>
                <td>{e.expiresAt ? time(e.expiresAt) : t('plates.never')}</td>
                {canManage ? (
                  <td>
                    <button type="button" className="ghost" onClick={() => remove(e.id, e.plate)} aria-label={`${t('plates.remove')} ${e.plate}`}>
                      {t('plates.remove')}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canManage ? (
        <form
          className="plates-form"
          data-testid="watchlist-add"
          onSubmit={(e) => {
            e.preventDefault();
            add();
          }}
        >
          <label>
            {t('plates.addPlate')}
            <input value={plate} maxLength={14} onChange={(e) => setPlate(e.target.value)} data-testid="watchlist-plate" aria-describedby="watchlist-plate-hint" />
          </label>
          <span id="watchlist-plate-hint" className="muted plates-hint">
            {plate.trim() ? (preview ? t('plates.addPreview', { plate: preview }) : t('plates.addBad')) : ''}
          </span>
          <label>
            {t('plates.addReason')}
            <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} data-testid="watchlist-reason" />
          </label>
          <label>
            {t('plates.addExpiry')}
            <input type="datetime-local" value={expiry} onChange={(e) => setExpiry(e.target.value)} data-testid="watchlist-expiry" />
          </label>
          <button type="submit" disabled={busy || !preview || !reason.trim() || expiresAt === null} data-testid="watchlist-add-button">
            {t('plates.add')}
          </button>
        </form>
      ) : (
        <p className="muted">{t('plates.readOnly')}</p>
      )}
    </section>
  );
}
