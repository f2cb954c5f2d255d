import type { NormBox, PlateCrop, VisionPlate, WorkerPlateRead } from '../../../shared/domain/vision';

/** A plate read as the service emits it: the event, plus its evidence crop for the watchlist (never sent to a renderer). */
export type AnalysedPlate = VisionPlate & { crop?: PlateCrop };
import type { Track } from './tracker';

interface Best {
  read: AnalysedPlate;
  sameText: number;
  emitted: boolean;
}

interface Loose extends Best {
  lastSeen: number;
}

/**
 * The best plate read per tracked vehicle. A vehicle is read on many frames; the operator wants
 * one line per vehicle, so a read is emitted once: when the same text has been read
 * `stableReads` times, or when the track ends with the best read so far.
 *
 * A plate whose vehicle the detector did not find (a close-up plate camera, a shape the COCO
 * detector does not know as a vehicle) is grouped by its text instead: it is emitted once its
 * text is stable, and again only after it has been out of sight for `looseForgetMs`.
 */
export class PlateMemory {
  private readonly best = new Map<number, Best>();
  private readonly loose = new Map<string, Loose>();
  private nextLooseId = -1;

  constructor(
    private readonly cameraId: string,
    private readonly stableReads = 3,
    private readonly looseForgetMs = 15_000,
  ) {}

  /** Attaches reads (normalised boxes) to the vehicle track whose box holds the plate's centre. */
  add(reads: readonly (Omit<WorkerPlateRead, 'box'> & { box: NormBox; pixelBox: WorkerPlateRead['box'] })[], tracks: readonly Track[], ts: number): AnalysedPlate[] {
    const out: AnalysedPlate[] = [];
    for (const read of reads) {
      const cx = read.box[0] + read.box[2] / 2;
      const cy = read.box[1] + read.box[3] / 2;
      const track = tracks.find((t) => t.cls !== 'person' && cx >= t.box[0] && cx <= t.box[0] + t.box[2] && cy >= t.box[1] && cy <= t.box[1] + t.box[3]);
      if (!track) {
        const emitted = this.addLoose(read, ts);
        if (emitted) out.push(emitted);
        continue;
      }
      const plate: AnalysedPlate = { cameraId: this.cameraId, ts, trackId: track.id, text: read.text, raw: read.raw, confidence: read.confidence, valid: read.valid, province: read.province, layout: read.layout, box: read.box, pixelBox: read.pixelBox, crop: read.crop };
      const current = this.best.get(track.id);
      if (!current) {
        this.best.set(track.id, { read: plate, sameText: 1, emitted: false });
        continue;
      }
      if (current.emitted) continue;
      current.sameText = current.read.text === plate.text ? current.sameText + 1 : 1;
      // A valid plate beats an invalid one whatever the confidence: the format check is stronger evidence.
      if ((plate.valid && !current.read.valid) || (plate.valid === current.read.valid && plate.confidence > current.read.confidence)) current.read = plate;
      if (current.sameText >= this.stableReads && current.read.valid) {
        current.emitted = true;
        out.push(current.read);
      }
    }
    return out;
  }

  private addLoose(read: Omit<WorkerPlateRead, 'box'> & { box: NormBox; pixelBox: WorkerPlateRead['box'] }, ts: number): AnalysedPlate | null {
    for (const [text, entry] of this.loose) if (ts - entry.lastSeen > this.looseForgetMs) this.loose.delete(text);
    // Unreadable or out-of-format text cannot be grouped meaningfully: every frame reads it differently.
    if (!read.valid) return null;
    const current = this.loose.get(read.text);
    const plate: AnalysedPlate = { cameraId: this.cameraId, ts, trackId: current?.read.trackId ?? this.nextLooseId--, text: read.text, raw: read.raw, confidence: read.confidence, valid: read.valid, province: read.province, layout: read.layout, box: read.box, pixelBox: read.pixelBox, crop: read.crop };
    if (!current) {
      this.loose.set(read.text, { read: plate, sameText: 1, emitted: false, lastSeen: ts });
      return null;
    }
    current.lastSeen = ts;
    current.sameText++;
    if (plate.confidence > current.read.confidence) current.read = plate;
    if (current.emitted || current.sameText < this.stableReads) return null;
    current.emitted = true;
    return current.read;
  }

  /** Emits the best read of each ended track that has not been emitted yet, and forgets them. */
  end(ended: readonly Track[]): AnalysedPlate[] {
    const out: AnalysedPlate[] = [];
    for (const track of ended) {
      const current = this.best.get(track.id);
      this.best.delete(track.id);
      if (current && !current.emitted) out.push(current.read);
    }
    return out;
  }
}
