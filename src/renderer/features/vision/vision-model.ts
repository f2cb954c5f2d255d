import type { VisionAlert, VisionCounts, VisionDetections, VisionPlate, VisionState } from '../../../shared/domain/vision';

/**
 * The renderer's copy of camera analytics: the latest state, counts and boxes per camera, and
 * the recent alerts and plate reads. Pure functions, so merging is tested without a DOM.
 */
export interface VisionView {
  states: Readonly<Record<string, VisionState>>;
  counts: Readonly<Record<string, VisionCounts>>;
  detections: Readonly<Record<string, VisionDetections>>;
  alerts: readonly VisionAlert[];
  plates: readonly VisionPlate[];
}

export const ALERTS_KEPT = 50;
export const PLATES_KEPT = 100;

export const emptyVisionView = (): VisionView => ({ states: {}, counts: {}, detections: {}, alerts: [], plates: [] });

export function withState(view: VisionView, state: VisionState): VisionView {
  return { ...view, states: { ...view.states, [state.cameraId]: state } };
}

export function withCounts(view: VisionView, counts: VisionCounts): VisionView {
  const previous = view.counts[counts.cameraId];
  // Events can overtake one another on a busy link; an older frame never replaces a newer one.
  if (previous && previous.ts > counts.ts) return view;
  return { ...view, counts: { ...view.counts, [counts.cameraId]: counts } };
}

export function withDetections(view: VisionView, d: VisionDetections): VisionView {
  const previous = view.detections[d.cameraId];
  if (previous && previous.ts > d.ts) return view;
  return { ...view, detections: { ...view.detections, [d.cameraId]: d } };
}

/** Newest first, bounded: a long shift must not grow the page without end. */
export function withAlert(view: VisionView, alert: VisionAlert): VisionView {
  return { ...view, alerts: [alert, ...view.alerts].slice(0, ALERTS_KEPT) };
}

export function withPlate(view: VisionView, plate: VisionPlate): VisionView {
  return { ...view, plates: [plate, ...view.plates].slice(0, PLATES_KEPT) };
}

/** Zones alerting now, over every camera: the map and the status line show these. */
export function alertingZones(view: VisionView): { cameraId: string; zoneId: string }[] {
  return Object.values(view.counts).flatMap((c) => c.zones.filter((z) => z.alerting).map((z) => ({ cameraId: c.cameraId, zoneId: z.zoneId })));
}

/** People seen now per camera (zones summed when there are zones, else the whole frame). */
export function peopleNow(counts: VisionCounts): number {
  return counts.frame.person ?? 0;
}
