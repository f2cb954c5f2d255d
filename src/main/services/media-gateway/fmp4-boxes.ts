/**
 * Reads the fragmented MP4 that ffmpeg writes to a pipe, box by box, without buffering more
 * than one fragment: ftyp+moov become the init segment, each moof+mdat one fragment, with its
 * decode time, duration and whether it starts with a sync sample (so a segment may begin there).
 */
export interface InitSegment {
  data: Buffer;
  timescale: number;
  /** RFC 6381 codec string, e.g. avc1.42c01e; null if the sample entry is not recognised. */
  codec: string | null;
}

export interface Fragment {
  data: Buffer;
  baseDecodeTime: number;
  /** Seconds. */
  duration: number;
  independent: boolean;
}

export interface Fmp4Sink {
  init(segment: InitSegment): void;
  fragment(fragment: Fragment): void;
}

const MAX_BOX_BYTES = 32 * 1024 * 1024;

export class Fmp4Reader {
  private buffer: Buffer = Buffer.alloc(0);
  private initParts: Buffer[] = [];
  private moof: Buffer | null = null;
  private prefix: Buffer[] = [];
  private defaults = { timescale: 90000, duration: 0, flags: 0 };
  private haveInit = false;

  constructor(private readonly sink: Fmp4Sink) {}

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.buffer.length < 8) return;
      let size = this.buffer.readUInt32BE(0);
      let header = 8;
      if (size === 1) {
        if (this.buffer.length < 16) return;
        const big = this.buffer.readBigUInt64BE(8);
        if (big > BigInt(MAX_BOX_BYTES)) throw new Fmp4Error('box too large');
        size = Number(big);
        header = 16;
      }
      if (size < header) throw new Fmp4Error(`invalid box size ${size}`);
      if (size > MAX_BOX_BYTES) throw new Fmp4Error('box too large');
      if (this.buffer.length < size) return;
      const box = this.buffer.subarray(0, size);
      this.buffer = this.buffer.subarray(size);
      this.onBox(box.toString('latin1', 4, 8), Buffer.from(box), header);
    }
  }

  private onBox(type: string, box: Buffer, header: number): void {
    switch (type) {
      case 'ftyp':
        this.initParts = [box];
        return;
      case 'moov': {
        this.initParts.push(box);
        const parsed = parseMoov(box.subarray(header));
        this.defaults = { timescale: parsed.timescale, duration: parsed.defaultDuration, flags: parsed.defaultFlags };
        this.haveInit = true;
        this.sink.init({ data: Buffer.concat(this.initParts), timescale: parsed.timescale, codec: parsed.codec });
        this.initParts = [];
        return;
      }
      case 'styp':
      case 'prft':
        this.prefix.push(box);
        return;
      case 'moof':
        this.moof = box;
        return;
      case 'mdat': {
        if (!this.moof || !this.haveInit) return;
        const info = parseMoof(this.moof.subarray(header === 16 ? 16 : 8), this.defaults);
        const data = Buffer.concat([...this.prefix, this.moof, box]);
        this.moof = null;
        this.prefix = [];
        this.sink.fragment({ data, ...info, duration: info.ticks / this.defaults.timescale });
        return;
      }
      default:
        // sidx, mfra, free and the like carry nothing a live player needs.
        return;
    }
  }
}

export class Fmp4Error extends Error {
  constructor(message: string) {
    super(`fMP4 stream: ${message}`);
    this.name = 'Fmp4Error';
  }
}

function* children(payload: Buffer): Generator<[string, Buffer]> {
  let offset = 0;
  while (offset + 8 <= payload.length) {
    let size = payload.readUInt32BE(offset);
    let header = 8;
    if (size === 1 && offset + 16 <= payload.length) {
      size = Number(payload.readBigUInt64BE(offset + 8));
      header = 16;
    } else if (size === 0) size = payload.length - offset;
    if (size < header || offset + size > payload.length) return;
    yield [payload.toString('latin1', offset + 4, offset + 8), payload.subarray(offset + header, offset + size)];
    offset += size;
  }
}

function child(payload: Buffer, type: string): Buffer | undefined {
  for (const [t, body] of children(payload)) if (t === type) return body;
  return undefined;
}

function parseMoov(moov: Buffer): { timescale: number; defaultDuration: number; defaultFlags: number; codec: string | null } {
  let timescale = 90000;
  let codec: string | null = null;
  const trak = child(moov, 'trak');
  const mdia = trak && child(trak, 'mdia');
  const mdhd = mdia && child(mdia, 'mdhd');
  if (mdhd && mdhd.length >= 24) timescale = mdhd[0] === 1 ? mdhd.readUInt32BE(20) : mdhd.readUInt32BE(12);
  const stsd = mdia && child(child(child(mdia, 'minf') ?? Buffer.alloc(0), 'stbl') ?? Buffer.alloc(0), 'stsd');
  if (stsd && stsd.length > 16) codec = sampleEntryCodec(stsd.subarray(8));
  let defaultDuration = 0;
  let defaultFlags = 0;
  const mvex = child(moov, 'mvex');
  const trex = mvex && child(mvex, 'trex');
  if (trex && trex.length >= 24) {
    defaultDuration = trex.readUInt32BE(12);
    defaultFlags = trex.readUInt32BE(20);
  }
  return { timescale: timescale || 90000, defaultDuration, defaultFlags, codec };
}

function sampleEntryCodec(entries: Buffer): string | null {
  for (const [type, body] of children(entries)) {
    if (type === 'avc1' || type === 'avc3') {
      // VisualSampleEntry is 78 bytes before its child boxes.
      const avcC = child(body.subarray(78), 'avcC');
      if (avcC && avcC.length >= 4) return `${type}.${hex(avcC[1]!)}${hex(avcC[2]!)}${hex(avcC[3]!)}`;
      return type;
    }
    if (type === 'hvc1' || type === 'hev1') return type;
    return type;
  }
  return null;
}

const hex = (n: number) => n.toString(16).padStart(2, '0');

function parseMoof(moof: Buffer, defaults: { duration: number; flags: number }): { baseDecodeTime: number; ticks: number; independent: boolean } {
  const traf = child(moof, 'traf');
  if (!traf) throw new Fmp4Error('moof without traf');
  let defaultDuration = defaults.duration;
  let defaultFlags = defaults.flags;
  let baseDecodeTime = 0;
  let ticks = 0;
  let firstFlags: number | null = null;
  for (const [type, body] of children(traf)) {
    if (type === 'tfhd' && body.length >= 8) {
      const flags = body.readUInt32BE(0) & 0xffffff;
      let o = 8;
      if (flags & 0x01) o += 8;
      if (flags & 0x02) o += 4;
      if (flags & 0x08) defaultDuration = body.readUInt32BE(o);
      if (flags & 0x08) o += 4;
      if (flags & 0x10) o += 4;
      if (flags & 0x20 && o + 4 <= body.length) defaultFlags = body.readUInt32BE(o);
    } else if (type === 'tfdt' && body.length >= 8) {
      baseDecodeTime = body[0] === 1 ? Number(body.readBigUInt64BE(4)) : body.readUInt32BE(4);
    } else if (type === 'trun' && body.length >= 8) {
      const flags = body.readUInt32BE(0) & 0xffffff;
      const count = body.readUInt32BE(4);
      let o = 8;
      if (flags & 0x01) o += 4;
      let first: number | null = null;
      if (flags & 0x04) {
        first = body.readUInt32BE(o);
        o += 4;
      }
      const per = (flags & 0x100 ? 4 : 0) + (flags & 0x200 ? 4 : 0) + (flags & 0x400 ? 4 : 0) + (flags & 0x800 ? 4 : 0);
      if (o + per * count > body.length) throw new Fmp4Error('truncated trun');
      for (let i = 0; i < count; i++) {
        let p = o + i * per;
        const duration = flags & 0x100 ? body.readUInt32BE(p) : defaultDuration;
        if (flags & 0x100) p += 4;
        if (flags & 0x200) p += 4;
        const sampleFlags = flags & 0x400 ? body.readUInt32BE(p) : defaultFlags;
        if (i === 0 && firstFlags === null) firstFlags = first ?? sampleFlags;
        ticks += duration;
      }
    }
  }
  // sample_is_non_sync_sample is bit 16 of the sample flags.
  const independent = firstFlags !== null && (firstFlags & 0x10000) === 0;
  return { baseDecodeTime, ticks, independent };
}
