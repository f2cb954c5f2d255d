import { create } from 'zustand';
import type { CityAssets, CityOverview } from '../../../shared/domain/city';
import { rpc } from '../../bridge';

interface CityStore {
  overview: CityOverview | null;
  assets: CityAssets | null;
  error: unknown;
  /** Loads once per session; pages call it freely. */
  ensureLoaded(): Promise<void>;
}

let loading: Promise<void> | null = null;

export const useCity = create<CityStore>((set) => ({
  overview: null,
  assets: null,
  error: null,
  ensureLoaded() {
    loading ??= Promise.all([rpc('city.overview', {}), rpc('city.assets', {})])
      .then(([overview, assets]) => set({ overview, assets, error: null }))
      .catch((error: unknown) => {
        loading = null;
        set({ error });
      });
    return loading;
  },
}));

export function wardName(overview: CityOverview | null, wardId: string): string {
  return overview?.wards.find((w) => w.id === wardId)?.name ?? wardId;
}
