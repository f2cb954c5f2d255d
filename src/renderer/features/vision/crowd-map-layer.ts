import { ScatterplotLayer } from '@deck.gl/layers';
import type { Camera } from '../../../shared/domain/city';
import type { VisionCounts } from '../../../shared/domain/vision';

/** A camera with its crowd: still a Camera, so the map's picking shows the camera's own details. */
export type CrowdPoint = Camera & { people: number; alerting: boolean };

/** Cameras that count people now, with how many and whether a zone of theirs is alerting. */
export function crowdPoints(cameras: readonly Camera[], counts: Readonly<Record<string, VisionCounts>>): CrowdPoint[] {
  return cameras.flatMap((camera) => {
    const c = counts[camera.id];
    if (!c) return [];
    const people = c.zones.length ? c.zones.reduce((n, z) => n + z.people, 0) : (c.frame.person ?? 0);
    return [{ ...camera, people, alerting: c.zones.some((z) => z.alerting) }];
  });
}

/**
 * Crowd heat on the map: a translucent disc per analysed camera that grows with the people it
 * sees, red while a crowd alert holds. Its id keeps the cameras layer key, so the cameras
 * toggle hides it and a pick opens the camera's details.
 */
export function crowdMapLayer(points: readonly CrowdPoint[]) {
  return new ScatterplotLayer<CrowdPoint>({
    id: 'cameras:crowd',
    data: points as CrowdPoint[],
    getPosition: (d) => d.position,
    getRadius: (d) => 20 + 12 * Math.sqrt(d.people),
    radiusMinPixels: 6,
    radiusMaxPixels: 80,
    getFillColor: (d) => (d.alerting ? [255, 60, 60, 150] : [63, 167, 255, Math.min(180, 60 + 8 * d.people)]),
    pickable: true,
    updateTriggers: { getRadius: [points], getFillColor: [points] },
  });
}
