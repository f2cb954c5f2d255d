import type { NormBox, VisionPlate, WorkerPlateRead } from '../../../shared/domain/vision';
import type { Track } from './tracker';

interface Best {
  read: VisionPlate;
  sameText: number;
  emitted: boolean;
}

/**
 * The best plate read per tracked vehicle. A vehicle is read on many frames; the operator wants
 * one line per vehicle, so a read is emitted once: when the same text has been read
 * `stableReads` times, or when the track ends with the best read so far.
 */
export class PlateMemory {
  private readonly best = new Map<number, Best>();

  constructor(
    private readonly cameraId: string,
    private readonly stableReads = 3,
  ) {}

  /** Attaches reads (normalised boxes) to the vehicle track whose box holds the plate's centre. */
  add(reads: readonly (Omit<WorkerPlateRead, 'box'> & { box: NormBox; pixelBox: WorkerPlateRead['box'] })[], tracks: readonly Track[], ts: number): VisionPlate[] {
    const out: VisionPlate[] = [];
    for (const read of reads) {
      const cx = read.box[0] + read.box[2] / 2;
      const cy = read.box[1] + read.box[3] / 2;
      const track = tracks.find((t) => t.cls !== 'person' && cx >= t.box[0] && cx <= t.box[0] + t.box[2] && cy >= t.box[1] && cy <= t.box[1] + t.box[3]);
      if (!track) continue;
      const plate: VisionPlate = { cameraId: this.cameraId, ts, trackId: track.id, text: read.text, raw: read.raw, confidence: read.confidence, valid: read.valid, province: read.province, layout: read.layout, box: read.box, pixelBox: read.pixelBox };
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

  /** Emits the best read of each ended track that has not been emitted yet, and forgets them. */
  end(ended: readonly Track[]): VisionPlate[] {
    const out: VisionPlate[] = [];
    for (const track of ended) {
      const current = this.best.get(track.id);
      this.best.delete(track.id);
      if (current && !current.emitted) out.push(current.read);
    }
    return out;
  }
}
