import { create } from 'zustand';
import { gridSize, MAX_TILES, type GridLayout, type SavedLayout, type TileSpec, type Tour } from '../../../shared/domain/video';

interface TileState extends TileSpec {
  /** When the tour on this tile started (ms), so every tile keeps its own rhythm. */
  tourStartedAt: number | null;
}

interface VideoState {
  layout: GridLayout;
  custom: { columns: number; rows: number };
  tiles: TileState[];
  selected: number;
  maximised: number | null;
  setLayout(layout: GridLayout, custom?: { columns: number; rows: number }): void;
  put(index: number, cameraId: string): void;
  /** Places a camera in the selected tile, or the first empty one (from the map or the list). */
  open(cameraId: string): void;
  clear(index: number): void;
  select(index: number): void;
  maximise(index: number | null): void;
  startTour(index: number, tour: Tour): void;
  stopTour(index: number): void;
  load(saved: SavedLayout): void;
  snapshot(id: string, name: string): SavedLayout;
}

const emptyTiles = (): TileState[] => Array.from({ length: MAX_TILES }, () => ({ cameraId: null, tour: null, tourStartedAt: null }));

export function tileCount(layout: GridLayout, custom: { columns: number; rows: number }): number {
  const { columns, rows } = gridSize(layout, custom);
  return Math.min(MAX_TILES, columns * rows);
}

export const useVideo = create<VideoState>((set, get) => ({
  layout: '2x2',
  custom: { columns: 4, rows: 3 },
  tiles: emptyTiles(),
  selected: 0,
  maximised: null,
  setLayout: (layout, custom) =>
    set((s) => {
      const nextCustom = custom ?? s.custom;
      const count = tileCount(layout, nextCustom);
      return { layout, custom: nextCustom, selected: Math.min(s.selected, count - 1), maximised: s.maximised !== null && s.maximised < count ? s.maximised : null };
    }),
  put: (index, cameraId) => set((s) => ({ tiles: s.tiles.map((t, i) => (i === index ? { cameraId, tour: null, tourStartedAt: null } : t)), selected: index })),
  open: (cameraId) => {
    const s = get();
    const count = tileCount(s.layout, s.custom);
    const visible = s.tiles.slice(0, count);
    const target = visible[s.selected]?.cameraId === null ? s.selected : visible.findIndex((t) => t.cameraId === null);
    get().put(target >= 0 ? target : s.selected, cameraId);
  },
  clear: (index) => set((s) => ({ tiles: s.tiles.map((t, i) => (i === index ? { cameraId: null, tour: null, tourStartedAt: null } : t)), maximised: s.maximised === index ? null : s.maximised })),
  select: (index) => set({ selected: index }),
  maximise: (index) => set({ maximised: index }),
  startTour: (index, tour) => set((s) => ({ tiles: s.tiles.map((t, i) => (i === index ? { cameraId: tour.cameraIds[0]!, tour, tourStartedAt: Date.now() } : t)) })),
  stopTour: (index) => set((s) => ({ tiles: s.tiles.map((t, i) => (i === index ? { ...t, tour: null, tourStartedAt: null } : t)) })),
  load: (saved) =>
    set(() => {
      const tiles = emptyTiles();
      saved.tiles.forEach((t, i) => (tiles[i] = { cameraId: t.cameraId, tour: t.tour, tourStartedAt: t.tour ? Date.now() : null }));
      return { layout: saved.layout, custom: { columns: saved.columns, rows: saved.rows }, tiles, selected: 0, maximised: null };
    }),
  snapshot: (id, name) => {
    const s = get();
    const count = tileCount(s.layout, s.custom);
    return {
      id,
      name,
      layout: s.layout,
      columns: gridSize(s.layout, s.custom).columns,
      rows: gridSize(s.layout, s.custom).rows,
      tiles: s.tiles.slice(0, count).map((t) => ({ cameraId: t.cameraId, tour: t.tour })),
      savedBy: '',
      savedAt: '',
    };
  },
}));
