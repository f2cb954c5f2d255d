import { create } from 'zustand';
import { presetRange, type RangePreset } from './stats-range';

interface StatsState {
  preset: RangePreset;
  range: { from: string; to: string };
  /** The asset a chart drilled down to; kept while the operator visits the map, so coming back shows it. */
  source: string | null;
  setPreset(preset: Exclude<RangePreset, 'custom'>): void;
  setCustom(range: { from: string; to: string }): void;
  setSource(source: string | null): void;
}

export const useStats = create<StatsState>((set) => ({
  preset: 'week',
  range: presetRange('week', Date.now()),
  source: null,
  setPreset: (preset) => set({ preset, range: presetRange(preset, Date.now()) }),
  setCustom: (range) => set({ preset: 'custom', range }),
  setSource: (source) => set({ source }),
}));
