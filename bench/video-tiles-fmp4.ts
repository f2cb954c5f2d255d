/**
 * A small fragmented-MP4 reader for the browser (DataView only, no Node): the H.264 decoder
 * configuration from an init segment, and the samples of moof+mdat fragments (LL-HLS parts),
 * ready for WebCodecs' VideoDecoder. Handles what the media gateway's ffmpeg writes
 * (+frag_keyframe+empty_moov+default_base_moof): one video track, sizes/durations/flags per
 * sample or as tfhd/trex defaults.
 */

export interface InitInfo {
  /** RFC 6381 codec string, e.g. avc1.42c01e. */
  codec: string;
  /** The avcC box's payload: VideoDecoderConfig.description. */
  description: Uint8Array;
  timescale: number;
  width: number;
  height: number;
  defaults: SampleDefaults;
}

export interface SampleDefaults {
  duration: number;
  size: number;
  flags: number;
}

export interface Sample {
  data: Uint8Array;
  /** Presentation time, microseconds. */
  timestamp: number;
  /** Microseconds. */
  duration: number;
  key: boolean;
}

export class Fmp4DemuxError extends Error {}

interface Box {
  type: string;
  start: number;
  /** First byte of the payload. */
  body: number;
  end: number;
}

function boxes(view: DataView, start: number, end: number): Box[] {
  const out: Box[] = [];
  let at = start;
  while (at + 8 <= end) {
    let size = view.getUint32(at);
    let header = 8;
    if (size === 1) {
      if (at + 16 > end) throw new Fmp4DemuxError('truncated large box');
      size = Number(view.getBigUint64(at + 8));
      header = 16;
    } else if (size === 0) size = end - at;
    if (size < header || at + size > end) throw new Fmp4DemuxError(`bad box size ${size}`);
    const type = String.fromCharCode(view.getUint8(at + 4), view.getUint8(at + 5), view.getUint8(at + 6), view.getUint8(at + 7));
    out.push({ type, start: at, body: at + header, end: at + size });
    at += size;
  }
  return out;
}

function child(view: DataView, parent: Box, type: string, skip = 0): Box | undefined {
  return boxes(view, parent.body + skip, parent.end).find((b) => b.type === type);
}

function path(view: DataView, root: Box, types: string[]): Box | undefined {
  let at: Box | undefined = root;
  for (const t of types) at = at && child(view, at, t);
  return at;
}

const hex = (n: number) => n.toString(16).padStart(2, '0');

/** Reads an init segment (ftyp+moov) with one H.264 video track. */
export function parseInit(buffer: ArrayBuffer): InitInfo {
  const view = new DataView(buffer);
  const moov = boxes(view, 0, buffer.byteLength).find((b) => b.type === 'moov');
  if (!moov) throw new Fmp4DemuxError('no moov');
  const trak = child(view, moov, 'trak');
  const mdhd = trak && path(view, trak, ['mdia', 'mdhd']);
  const stsd = trak && path(view, trak, ['mdia', 'minf', 'stbl', 'stsd']);
  if (!mdhd || !stsd) throw new Fmp4DemuxError('no video track');
  const timescale = view.getUint8(mdhd.body) === 1 ? view.getUint32(mdhd.body + 20) : view.getUint32(mdhd.body + 12);
  // stsd: version/flags (4) + entry count (4), then the sample entry.
  const entry = boxes(view, stsd.body + 8, stsd.end)[0];
  if (!entry || (entry.type !== 'avc1' && entry.type !== 'avc3')) throw new Fmp4DemuxError(`unsupported sample entry ${entry?.type ?? 'none'}`);
  const width = view.getUint16(entry.body + 24);
  const height = view.getUint16(entry.body + 26);
  // VisualSampleEntry's fixed fields take 78 bytes; avcC follows among its children.
  const avcC = boxes(view, entry.body + 78, entry.end).find((b) => b.type === 'avcC');
  if (!avcC) throw new Fmp4DemuxError('no avcC');
  const description = new Uint8Array(buffer.slice(avcC.body, avcC.end));
  const codec = `${entry.type}.${hex(description[1]!)}${hex(description[2]!)}${hex(description[3]!)}`;
  const defaults: SampleDefaults = { duration: 0, size: 0, flags: 0 };
  const trex = path(view, moov, ['mvex', 'trex']);
  if (trex) {
    defaults.duration = view.getUint32(trex.body + 12);
    defaults.size = view.getUint32(trex.body + 16);
    defaults.flags = view.getUint32(trex.body + 20);
  }
  return { codec, description, timescale, width, height, defaults };
}

/** Reads every moof+mdat in `buffer` (one LL-HLS part or a whole segment) into samples. */
export function parseFragments(buffer: ArrayBuffer, init: InitInfo): Sample[] {
  const view = new DataView(buffer);
  const bytes = new Uint8Array(buffer);
  const samples: Sample[] = [];
  const toUs = (t: number) => Math.round((t * 1_000_000) / init.timescale);
  for (const moof of boxes(view, 0, buffer.byteLength).filter((b) => b.type === 'moof')) {
    for (const traf of boxes(view, moof.body, moof.end).filter((b) => b.type === 'traf')) {
      const tfhd = child(view, traf, 'tfhd');
      if (!tfhd) throw new Fmp4DemuxError('traf without tfhd');
      const tfFlags = view.getUint32(tfhd.body) & 0xffffff;
      let at = tfhd.body + 8;
      let base = moof.start;
      if (tfFlags & 0x01) {
        base = Number(view.getBigUint64(at));
        at += 8;
      }
      if (tfFlags & 0x02) at += 4;
      const d = { ...init.defaults };
      if (tfFlags & 0x08) {
        d.duration = view.getUint32(at);
        at += 4;
      }
      if (tfFlags & 0x10) {
        d.size = view.getUint32(at);
        at += 4;
      }
      if (tfFlags & 0x20) d.flags = view.getUint32(at);
      const tfdt = child(view, traf, 'tfdt');
      let time = tfdt ? (view.getUint8(tfdt.body) === 1 ? Number(view.getBigUint64(tfdt.body + 4)) : view.getUint32(tfdt.body + 4)) : 0;
      for (const trun of boxes(view, traf.body, traf.end).filter((b) => b.type === 'trun')) {
        const version = view.getUint8(trun.body);
        const flags = view.getUint32(trun.body) & 0xffffff;
        const count = view.getUint32(trun.body + 4);
        let p = trun.body + 8;
        let offset = base;
        if (flags & 0x01) {
          offset = base + view.getInt32(p);
          p += 4;
        }
        let firstFlags: number | null = null;
        if (flags & 0x04) {
          firstFlags = view.getUint32(p);
          p += 4;
        }
        for (let i = 0; i < count; i++) {
          let duration = d.duration;
          let size = d.size;
          let sampleFlags = i === 0 && firstFlags !== null ? firstFlags : d.flags;
          let cto = 0;
          if (flags & 0x100) {
            duration = view.getUint32(p);
            p += 4;
          }
          if (flags & 0x200) {
            size = view.getUint32(p);
            p += 4;
          }
          if (flags & 0x400) {
            sampleFlags = view.getUint32(p);
            p += 4;
          }
          if (flags & 0x800) {
            cto = version === 0 ? view.getUint32(p) : view.getInt32(p);
            p += 4;
          }
          if (offset + size > bytes.length) throw new Fmp4DemuxError('sample outside the buffer');
          samples.push({
            data: bytes.subarray(offset, offset + size),
            timestamp: toUs(time + cto),
            duration: toUs(duration),
            // sample_is_non_sync_sample is bit 16 of the sample flags.
            key: (sampleFlags & 0x10000) === 0,
          });
          offset += size;
          time += duration;
        }
      }
    }
  }
  return samples;
}
