import { FlyToInterpolator } from '@deck.gl/core';
import { create } from 'zustand';
import type { BasemapSource, UserLayer } from '../../../shared/contract/methods/city';
import type { BuiltinBasemap } from './build-layers';
import { userLayerKey, type LayerKey } from './layer-catalog';
import type { MapObject } from './map-objects';
import { fitBoundsView, type MapView, type ViewSize } from './view-state';
import type { Bounds } from './geometry';

/** deck.gl's view state: where the camera is, plus an optional animated transition to get there. */
export interface MapViewState extends MapView {
  pitch?: number;
  bearing?: number;
  transitionDuration?: number;
  transitionInterpolator?: unknown;
}

export interface HoverState {
  object: MapObject;
  /** Pixels from the map's top-left corner. */
  x: number;
  y: number;
}

export interface MapState {
  /** Layers switched off; everything else, new imports included, is on. */
  hidden: Readonly<Record<string, true>>;
  view: MapViewState | null;
  /** The canvas's size in CSS pixels, for fitting boxes and panning by keys. */
  size: ViewSize;
  selected: MapObject | null;
  hovered: HoverState | null;
  basemap: BuiltinBasemap | null;
  basemapSource: BasemapSource | null;
  /** Bumped when the basemap file changes, so tiles of the previous one are dropped. */
  basemapVersion: number;
  userLayers: UserLayer[];

  isVisible(key: LayerKey): boolean;
  toggle(key: LayerKey): void;
  setView(view: MapViewState): void;
  setSize(size: ViewSize): void;
  /** Moves the camera, flying there unless the operator prefers reduced motion. */
  moveTo(view: MapView, animate?: boolean): void;
  fitBounds(bounds: Bounds): void;
  select(object: MapObject | null): void;
  setHovered(hover: HoverState | null): void;
  setBasemap(basemap: BuiltinBasemap): void;
  setBasemapSource(source: BasemapSource): void;
  setUserLayers(layers: UserLayer[]): void;
  addUserLayer(layer: UserLayer): void;
  removeUserLayer(id: string): void;
}

export const createMapStore = () =>
  create<MapState>((set, get) => ({
    hidden: {},
    view: null,
    size: { width: 800, height: 600 },
    selected: null,
    hovered: null,
    basemap: null,
    basemapSource: null,
    basemapVersion: 0,
    userLayers: [],

    isVisible: (key) => !get().hidden[key],
    toggle(key) {
      const hidden = { ...get().hidden };
      if (hidden[key]) delete hidden[key];
      else hidden[key] = true;
      const selected = get().selected;
      // A selection on a layer that was just hidden would point at nothing visible.
      set({ hidden, selected: selected && selected.layer === key && hidden[key] ? null : selected, hovered: null });
    },
    setView: (view) => set({ view }),
    setSize: (size) => set({ size }),
    moveTo(view, animate = true) {
      const fly = animate && !prefersReducedMotion();
      set({
        view: fly
          ? { ...view, pitch: 0, bearing: 0, transitionDuration: 900, transitionInterpolator: new FlyToInterpolator() }
          : { ...view, pitch: 0, bearing: 0 },
      });
    },
    fitBounds(bounds) {
      get().moveTo(fitBoundsView(bounds, get().size));
    },
    select: (selected) => set({ selected }),
    setHovered: (hovered) => set({ hovered }),
    setBasemap: (basemap) => set({ basemap }),
    setBasemapSource(source) {
      set({ basemapSource: source, basemapVersion: get().basemapVersion + 1 });
    },
    setUserLayers: (userLayers) => set({ userLayers }),
    addUserLayer(layer) {
      set({ userLayers: [...get().userLayers.filter((l) => l.id !== layer.id), layer] });
    },
    removeUserLayer(id) {
      const key = userLayerKey(id);
      const hidden = { ...get().hidden };
      delete hidden[key];
      const selected = get().selected;
      set({ userLayers: get().userLayers.filter((l) => l.id !== id), hidden, selected: selected?.layer === key ? null : selected });
    },
  }));

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** The map's one store; features and tests that need their own create one with createMapStore(). */
export const useMapStore = createMapStore();
