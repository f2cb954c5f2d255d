import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Compression, TileType, zxyToTileId } from 'pmtiles';
import type { BuiltTile } from './vector-tiles';

export interface PmtilesInput {
  tiles: readonly BuiltTile[];
  /** TileJSON-style metadata (name, vector_layers, attribution, …), stored as gzipped JSON. */
  metadata: Record<string, unknown>;
  minZoom: number;
  maxZoom: number;
  /** [west, south, east, north] */
  bounds: [number, number, number, number];
  center?: { lon: number; lat: number; zoom: number };
  /** Gzip the tiles (the usual choice) or store them raw. */
  tileCompression?: 'gzip' | 'none';
  /** Entries per leaf directory when the root does not fit in 16 KiB; small values exercise leaves in tests. */
  leafSize?: number;
}

interface Entry {
  tileId: number;
  offset: number;
  length: number;
  runLength: number;
}

const HEADER_BYTES = 127;
const ROOT_WINDOW_BYTES = 16_384;

/**
 * Writes a PMTiles v3 archive (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md):
 * header, gzipped root directory, metadata, leaf directories, then tile data clustered in
 * Hilbert order with identical tiles stored once.
 */
export function encodePmtiles(input: PmtilesInput): Uint8Array {
  const gzipTiles = (input.tileCompression ?? 'gzip') === 'gzip';
  const sorted = input.tiles.map((t) => ({ id: zxyToTileId(t.z, t.x, t.y), data: t.data })).sort((a, b) => a.id - b.id);

  const entries: Entry[] = [];
  const chunks: Uint8Array[] = [];
  const offsetsByHash = new Map<string, { offset: number; length: number }>();
  let dataLength = 0;
  let lastHash = '';
  for (let i = 0; i < sorted.length; i++) {
    const { id, data } = sorted[i]!;
    if (i > 0 && id === sorted[i - 1]!.id) throw new RangeError(`tile id ${id} appears twice`);
    const hash = createHash('sha256').update(data).digest('hex');
    const previous = entries[entries.length - 1];
    // A run: the same content at the next tile id extends the previous entry.
    if (previous && hash === lastHash && previous.tileId + previous.runLength === id) {
      previous.runLength += 1;
      continue;
    }
    let stored = offsetsByHash.get(hash);
    if (!stored) {
      const bytes = gzipTiles ? gzipSync(data) : data;
      stored = { offset: dataLength, length: bytes.length };
      offsetsByHash.set(hash, stored);
      chunks.push(bytes);
      dataLength += bytes.length;
    }
    entries.push({ tileId: id, offset: stored.offset, length: stored.length, runLength: 1 });
    lastHash = hash;
  }

  const { root, leaves } = buildDirectories(entries, input.leafSize);
  const metadata = gzipSync(new TextEncoder().encode(JSON.stringify(input.metadata)));

  const rootOffset = HEADER_BYTES;
  const metadataOffset = rootOffset + root.length;
  const leavesOffset = metadataOffset + metadata.length;
  const dataOffset = leavesOffset + leaves.length;
  const total = dataOffset + dataLength;

  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode('PMTiles'), 0);
  view.setUint8(7, 3);
  const u64 = (at: number, value: number) => view.setBigUint64(at, BigInt(value), true);
  u64(8, rootOffset);
  u64(16, root.length);
  u64(24, metadataOffset);
  u64(32, metadata.length);
  u64(40, leavesOffset);
  u64(48, leaves.length);
  u64(56, dataOffset);
  u64(64, dataLength);
  u64(72, entries.reduce((sum, e) => sum + e.runLength, 0));
  u64(80, entries.length);
  u64(88, offsetsByHash.size);
  view.setUint8(96, 1); // clustered: tile data follows tile id order
  view.setUint8(97, Compression.Gzip);
  view.setUint8(98, gzipTiles ? Compression.Gzip : Compression.None);
  view.setUint8(99, TileType.Mvt);
  view.setUint8(100, input.minZoom);
  view.setUint8(101, input.maxZoom);
  const e7 = (at: number, deg: number) => view.setInt32(at, Math.round(deg * 1e7), true);
  const [w, s, e, n] = input.bounds;
  e7(102, w);
  e7(106, s);
  e7(110, e);
  e7(114, n);
  const center = input.center ?? { lon: (w + e) / 2, lat: (s + n) / 2, zoom: input.minZoom };
  view.setUint8(118, center.zoom);
  e7(119, center.lon);
  e7(123, center.lat);

  out.set(root, rootOffset);
  out.set(metadata, metadataOffset);
  out.set(leaves, leavesOffset);
  let at = dataOffset;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** All entries in the root when it fits in the first 16 KiB; otherwise leaves that the root points to. */
function buildDirectories(entries: Entry[], leafSizeOption?: number): { root: Uint8Array; leaves: Uint8Array } {
  const whole = gzipSync(serializeDirectory(entries));
  if (leafSizeOption === undefined && HEADER_BYTES + whole.length <= ROOT_WINDOW_BYTES) {
    return { root: whole, leaves: new Uint8Array(0) };
  }
  let leafSize = Math.max(1, leafSizeOption ?? 4096);
  for (let attempt = 0; attempt < 64; attempt++) {
    const rootEntries: Entry[] = [];
    const leafChunks: Uint8Array[] = [];
    let leavesLength = 0;
    for (let i = 0; i < entries.length; i += leafSize) {
      const slice = entries.slice(i, i + leafSize);
      const leaf = gzipSync(serializeDirectory(slice));
      rootEntries.push({ tileId: slice[0]!.tileId, offset: leavesLength, length: leaf.length, runLength: 0 });
      leafChunks.push(leaf);
      leavesLength += leaf.length;
    }
    const root = gzipSync(serializeDirectory(rootEntries));
    if (HEADER_BYTES + root.length <= ROOT_WINDOW_BYTES) return { root, leaves: concat(leafChunks, leavesLength) };
    leafSize = Math.ceil(leafSize * 1.5);
  }
  throw new RangeError('too many tiles for a two-level PMTiles directory');
}

/** Columns of varints: tile id deltas, run lengths, lengths, then offsets (0 = right after the previous). */
export function serializeDirectory(entries: readonly Entry[]): Uint8Array {
  const bytes: number[] = [];
  writeVarint(bytes, entries.length);
  let lastId = 0;
  for (const e of entries) {
    writeVarint(bytes, e.tileId - lastId);
    lastId = e.tileId;
  }
  for (const e of entries) writeVarint(bytes, e.runLength);
  for (const e of entries) writeVarint(bytes, e.length);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    writeVarint(bytes, i > 0 && prev && e.offset === prev.offset + prev.length ? 0 : e.offset + 1);
  });
  return Uint8Array.from(bytes);
}

/** Unsigned LEB128; arithmetic rather than bit operators because tile ids pass 2^32. */
function writeVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
