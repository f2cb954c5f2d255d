import { create } from 'zustand';
import type { NormPoint, VisionSettings } from '../../../shared/domain/vision';
import { onEvent, rpc } from '../../bridge';
import { addPoint, type Draft } from './draft';
import { emptyVisionView, withAlert, withCounts, withDetections, withPlate, withState, type VisionView } from './vision-model';

interface VisionStore extends VisionView {
  /** Boxes and zones drawn over video tiles. */
  overlay: boolean;
  setOverlay(on: boolean): void;
  /** Saved settings per camera, for the overlays of every tile that shows one. */
  settings: Readonly<Record<string, VisionSettings>>;
  loadSettings(cameraId: string): Promise<VisionSettings | null>;
  saveSettings(cameraId: string, settings: VisionSettings): Promise<VisionSettings>;
  /** The zone or line being drawn, and on which camera's picture. */
  draft: { cameraId: string; draft: Draft } | null;
  startDraft(cameraId: string, kind: Draft['kind']): void;
  addDraftPoint(cameraId: string, point: NormPoint): void;
  cancelDraft(): void;
  /** Loads the states once and follows every analytics event; later calls do nothing. */
  ensureLoaded(): Promise<void>;
}

let subscribed = false;

export const useVision = create<VisionStore>((set, get) => ({
  ...emptyVisionView(),
  overlay: true,
  setOverlay: (overlay) => set({ overlay }),
  settings: {},
  async loadSettings(cameraId) {
    try {
      const loaded = await rpc('vision.settings.get', { cameraId });
      set({ settings: { ...get().settings, [cameraId]: loaded } });
      return loaded;
    } catch {
      return null;
    }
  },
  async saveSettings(cameraId, settings) {
    const saved = await rpc('vision.settings.set', { cameraId, settings });
    set({ settings: { ...get().settings, [cameraId]: saved } });
    return saved;
  },
  draft: null,
  startDraft: (cameraId, kind) => set({ draft: { cameraId, draft: { kind, points: [] } } }),
  addDraftPoint(cameraId, point) {
    const current = get().draft;
    if (current?.cameraId === cameraId) set({ draft: { cameraId, draft: addPoint(current.draft, point) } });
  },
  cancelDraft: () => set({ draft: null }),
  async ensureLoaded() {
    if (subscribed) return;
    subscribed = true;
    const apply = (f: (v: VisionView) => VisionView) => set(f(get()));
    onEvent('vision.state', (s) => apply((v) => withState(v, s)));
    onEvent('vision.counts', (c) => apply((v) => withCounts(v, c)));
    onEvent('vision.detections', (d) => apply((v) => withDetections(v, d)));
    onEvent('vision.alert', (a) => apply((v) => withAlert(v, a)));
    onEvent('vision.plate', (p) => apply((v) => withPlate(v, p)));
    try {
      const states = await rpc('vision.states', {});
      for (const s of states) apply((v) => withState(v, s));
    } catch {
      // Without video.view the events do not come either; the panels say so where they are.
    }
  },
}));
