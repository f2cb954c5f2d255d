import { create } from 'zustand';
import { roleAllows } from '../../../shared/domain/roles';
import type { PlateHit, PlateReadRecord, WatchlistEntry } from '../../../shared/domain/plates';
import { onEvent, rpc } from '../../bridge';
import { translate, useLanguage } from '../../i18n';
import { useAuth } from '../auth/auth-store';
import { useCity } from '../city/city-store';
import { useNotify } from '../notify/notify-store';
import { applyHit, mergeRead, mergeReads, RECENT_MAX } from './plates-model';

interface PlatesStore {
  recent: PlateReadRecord[];
  watchlist: WatchlistEntry[];
  /** Evidence crops by read id: a data: URL, null when the read kept none, absent until asked. */
  crops: Readonly<Record<string, string | null>>;
  loadRecent(): Promise<void>;
  loadWatchlist(): Promise<void>;
  loadCrop(readId: string): void;
}

const cropRequests = new Set<string>();

export const usePlates = create<PlatesStore>((set, get) => ({
  recent: [],
  watchlist: [],
  crops: {},
  async loadRecent() {
    const reads = await rpc('plates.recent', { limit: RECENT_MAX });
    set({ recent: mergeReads(get().recent, reads) });
  },
  async loadWatchlist() {
    set({ watchlist: await rpc('plates.watchlist.list', { includeInactive: false }) });
  },
  loadCrop(readId) {
    if (cropRequests.has(readId)) return;
    cropRequests.add(readId);
    rpc('plates.evidence', { id: readId }).then(
      (crop) => set({ crops: { ...get().crops, [readId]: crop ? `data:${crop.mime};base64,${crop.base64}` : null } }),
      () => cropRequests.delete(readId),
    );
  },
}));

function cameraName(cameraId: string): string {
  return useCity.getState().assets?.cameras.find((c) => c.id === cameraId)?.name ?? cameraId;
}

/** The toast an operator reads when a watchlisted plate is seen, wherever in the console they are. */
export function hitToastText(hit: PlateHit, language = useLanguage.getState().language): string {
  return translate(language, 'plates.hitToast', { plate: hit.read.plate, camera: cameraName(hit.read.cameraId), reason: hit.entry.reason });
}

/**
 * Follows plate reads, hits and watchlist changes for the whole session (the Shell starts it):
 * the live list stays current while the Biển số page is closed, and every hit raises an alert
 * toast. Returns the unsubscribe.
 */
export function startPlateAlerts(): () => void {
  const offs = [
    onEvent('plates.read', (read) => usePlates.setState((s) => ({ recent: mergeRead(s.recent, read) }))),
    onEvent('plates.hit', (hit) => {
      usePlates.setState((s) => ({ recent: applyHit(s.recent, hit) }));
      useNotify.getState().push('error', hitToastText(hit));
    }),
    onEvent('plates.watchlist.changed', () => {
      const role = useAuth.getState().state?.operator?.role;
      if (role && roleAllows(role, 'plates.read')) void usePlates.getState().loadWatchlist().catch(() => undefined);
    }),
  ];
  return () => offs.forEach((off) => off());
}
