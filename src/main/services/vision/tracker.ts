import type { DetectionClass, NormBox, NormPoint } from '../../../shared/domain/vision';
import { iou } from '../../../workers/vision/box-math';

export interface TrackerOptions {
  /** A track not seen for this long has left the scene. */
  maxAgeS: number;
  /** Least IoU between a predicted box and a detection to be the same object. */
  minIou: number;
  /** Failing IoU, the largest centre distance, in box diagonals, that still matches (low frame rates move objects far). */
  maxCentreDiagonals: number;
  /** Detections needed before a track counts as a real object (filters one-frame false positives). */
  minHits: number;
}

export const defaultTrackerOptions: TrackerOptions = { maxAgeS: 3, minIou: 0.2, maxCentreDiagonals: 1.5, minHits: 2 };

export interface Track {
  readonly id: number;
  cls: DetectionClass;
  box: NormBox;
  score: number;
  /** Centre velocity in normalised units per second (the motion model). */
  vx: number;
  vy: number;
  hits: number;
  firstTs: number;
  lastTs: number;
  /** Foot point (bottom centre) now and at the previous detection; lines are crossed between them. */
  foot: NormPoint;
  prevFoot: NormPoint | null;
  /** Set the first time the track reaches `minHits`. */
  confirmed: boolean;
}

export interface TrackerUpdate {
  /** Tracks matched or created by this frame. */
  seen: Track[];
  /** Tracks that reached `minHits` with this frame (count each object once). */
  confirmed: Track[];
  /** Tracks aged out by this frame. */
  ended: Track[];
}

type Group = 'person' | 'vehicle';
const groupOf = (cls: DetectionClass): Group => (cls === 'person' ? 'person' : 'vehicle');
const footOf = (b: NormBox): NormPoint => [b[0] + b[2] / 2, b[1] + b[3]];

/**
 * IoU tracking with a constant-velocity prediction, greedy best-pair matching and age-out.
 * Vehicles may switch class between frames (a bus seen as a truck) without becoming a new
 * object; people and vehicles never match each other.
 */
export class Tracker {
  private readonly tracks = new Map<number, Track>();
  private nextId = 1;

  constructor(private readonly options: TrackerOptions = defaultTrackerOptions) {}

  get active(): readonly Track[] {
    return [...this.tracks.values()];
  }

  update(detections: readonly { cls: DetectionClass; score: number; box: NormBox }[], ts: number): TrackerUpdate {
    const tracks = [...this.tracks.values()];
    const predicted = tracks.map((t) => {
      const dt = Math.max(0, (ts - t.lastTs) / 1000);
      return [t.box[0] + t.vx * dt, t.box[1] + t.vy * dt, t.box[2], t.box[3]] as NormBox;
    });
    const pairs: { t: number; d: number; cost: number }[] = [];
    for (let ti = 0; ti < tracks.length; ti++) {
      for (let di = 0; di < detections.length; di++) {
        const det = detections[di]!;
        if (groupOf(tracks[ti]!.cls) !== groupOf(det.cls)) continue;
        const p = predicted[ti]!;
        const overlap = iou(p, det.box);
        const diag = Math.hypot(p[2], p[3]) || 1e-6;
        const dist = Math.hypot(p[0] + p[2] / 2 - (det.box[0] + det.box[2] / 2), p[1] + p[3] / 2 - (det.box[1] + det.box[3] / 2)) / diag;
        if (overlap >= this.options.minIou) pairs.push({ t: ti, d: di, cost: 1 - overlap });
        else if (dist <= this.options.maxCentreDiagonals) pairs.push({ t: ti, d: di, cost: 1 + dist });
      }
    }
    pairs.sort((a, b) => a.cost - b.cost);
    const usedT = new Set<number>();
    const usedD = new Set<number>();
    const seen: Track[] = [];
    const confirmed: Track[] = [];
    for (const pair of pairs) {
      if (usedT.has(pair.t) || usedD.has(pair.d)) continue;
      usedT.add(pair.t);
      usedD.add(pair.d);
      const track = tracks[pair.t]!;
      const det = detections[pair.d]!;
      const dt = Math.max(1e-3, (ts - track.lastTs) / 1000);
      // Smoothed velocity: a single noisy box should not fling the prediction across the frame.
      const nvx = (det.box[0] + det.box[2] / 2 - (track.box[0] + track.box[2] / 2)) / dt;
      const nvy = (det.box[1] + det.box[3] / 2 - (track.box[1] + track.box[3] / 2)) / dt;
      track.vx = track.hits > 1 ? 0.5 * track.vx + 0.5 * nvx : nvx;
      track.vy = track.hits > 1 ? 0.5 * track.vy + 0.5 * nvy : nvy;
      track.prevFoot = track.foot;
      track.box = det.box;
      track.foot = footOf(det.box);
      track.cls = det.score >= track.score || track.cls === det.cls ? det.cls : track.cls;
      track.score = Math.max(det.score, track.score * 0.9);
      track.hits++;
      track.lastTs = ts;
      seen.push(track);
      if (!track.confirmed && track.hits >= this.options.minHits) {
        track.confirmed = true;
        confirmed.push(track);
      }
    }
    for (let di = 0; di < detections.length; di++) {
      if (usedD.has(di)) continue;
      const det = detections[di]!;
      const track: Track = {
        id: this.nextId++,
        cls: det.cls,
        box: det.box,
        score: det.score,
        vx: 0,
        vy: 0,
        hits: 1,
        firstTs: ts,
        lastTs: ts,
        foot: footOf(det.box),
        prevFoot: null,
        confirmed: this.options.minHits <= 1,
      };
      this.tracks.set(track.id, track);
      seen.push(track);
      if (track.confirmed) confirmed.push(track);
    }
    const ended: Track[] = [];
    for (const track of this.tracks.values()) {
      if (ts - track.lastTs > this.options.maxAgeS * 1000) {
        this.tracks.delete(track.id);
        ended.push(track);
      }
    }
    return { seen, confirmed, ended };
  }

  /** Ends every track (camera stopped). */
  flush(): Track[] {
    const all = [...this.tracks.values()];
    this.tracks.clear();
    return all;
  }
}
