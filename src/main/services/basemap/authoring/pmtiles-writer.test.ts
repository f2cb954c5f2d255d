import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { bytesToHeader, PMTiles, tileIdToZxy, zxyToTileId, type RangeResponse, type Source } from 'pmtiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toArrayBuffer } from '../decompress';
import { FileRangeSource } from '../file-range-source';
import { makeTempDir } from '../testing/temp-dir';
import { encodePmtiles, serializeDirectory, type PmtilesInput } from './pmtiles-writer';
import type { BuiltTile } from './vector-tiles';

class MemorySource implements Source {
  constructor(private readonly bytes: Uint8Array) {}
  getKey() {
    return 'memory';
  }
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    return { data: toArrayBuffer(this.bytes.subarray(offset, offset + length)) };
  }
}

/** 300 tiles along Hilbert order at zoom 9: runs of equal content, repeats far apart, and unique ones. */
function sampleTiles(): BuiltTile[] {
  const tiles: BuiltTile[] = [];
  const start = zxyToTileId(9, 0, 0);
  for (let i = 0; i < 300; i++) {
    const [z, x, y] = tileIdToZxy(start + i);
    const content = i >= 100 && i < 140 ? 'ocean' : i % 25 === 0 ? 'repeat' : `tile-${i}`;
    tiles.push({ z, x, y, data: new TextEncoder().encode(content) });
  }
  return tiles.reverse(); // the writer must sort them itself
}

function input(overrides: Partial<PmtilesInput> = {}): PmtilesInput {
  return {
    tiles: sampleTiles(),
    metadata: { name: 'Đông Hà', vector_layers: [{ id: 'roads' }] },
    minZoom: 9,
    maxZoom: 9,
    bounds: [107.05, 16.78, 107.15, 16.86],
    ...overrides,
  };
}

async function readAll(archive: PMTiles, tiles: BuiltTile[]): Promise<void> {
  for (const t of tiles) {
    const got = await archive.getZxy(t.z, t.x, t.y);
    expect(new TextDecoder().decode(got!.data), `tile ${t.z}/${t.x}/${t.y}`).toBe(new TextDecoder().decode(t.data));
  }
}

describe('encodePmtiles', () => {
  it('writes a header the pmtiles library reads back, with runs and repeats stored once', async () => {
    const bytes = encodePmtiles(input());
    const header = bytesToHeader(toArrayBuffer(bytes.subarray(0, 127)));
    expect(header).toMatchObject({ specVersion: 3, tileType: 1, tileCompression: 2, internalCompression: 2, minZoom: 9, maxZoom: 9, clustered: true });
    expect(header.numAddressedTiles).toBe(300);
    // 40 "ocean" tiles collapse into one run entry; the 10 "repeat" tiles (i = 0, 25, 50, 75, 150, …, 275) share one copy.
    expect(header.numTileEntries).toBe(300 - 39);
    expect(header.numTileContents).toBe(300 - 39 - 9);
    expect(header.minLon).toBeCloseTo(107.05, 6);
    expect(header.maxLat).toBeCloseTo(16.86, 6);
    expect(header.leafDirectoryLength).toBe(0);

    const archive = new PMTiles(new MemorySource(bytes));
    await readAll(archive, sampleTiles());
    expect(await archive.getMetadata()).toEqual({ name: 'Đông Hà', vector_layers: [{ id: 'roads' }] });
    expect(await archive.getZxy(9, 511, 511)).toBeUndefined();
  });

  it('splits the directory into leaves that readers follow', async () => {
    const bytes = encodePmtiles(input({ leafSize: 16, tileCompression: 'none' }));
    const header = bytesToHeader(toArrayBuffer(bytes.subarray(0, 127)));
    expect(header.leafDirectoryLength).toBeGreaterThan(0);
    expect(header.tileCompression).toBe(1);
    const root = gunzipSync(bytes.subarray(header.rootDirectoryOffset, header.rootDirectoryOffset + header.rootDirectoryLength));
    expect(root[0]).toBe(Math.ceil((300 - 39) / 16)); // the root lists one entry per leaf
    await readAll(new PMTiles(new MemorySource(bytes)), sampleTiles());
  });

  it('refuses the same tile twice', () => {
    const tiles = sampleTiles();
    expect(() => encodePmtiles(input({ tiles: [...tiles, tiles[0]!] }))).toThrow(/appears twice/);
  });
});

describe('serializeDirectory', () => {
  it('writes counts, id deltas, run lengths, lengths and offsets as varints', () => {
    const bytes = serializeDirectory([
      { tileId: 5, offset: 0, length: 10, runLength: 1 },
      { tileId: 300, offset: 10, length: 2, runLength: 3 },
      { tileId: 301, offset: 0, length: 10, runLength: 1 },
    ]);
    // 3 | 5, 295 (0xa7 0x02), 1 | 1, 3, 1 | 10, 2, 10 | 1 (offset 0 + 1), 0 (contiguous), 1 (offset 0 + 1)
    expect([...bytes]).toEqual([3, 5, 0xa7, 0x02, 1, 1, 3, 1, 10, 2, 10, 1, 0, 1]);
  });
});

describe('FileRangeSource', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir();
  });
  afterAll(() => temp.remove());

  it('serves an archive from disk by byte ranges, short at the end, and refuses reads once closed', async () => {
    const path = join(temp.dir, 'a.pmtiles');
    const bytes = encodePmtiles(input({ leafSize: 32 }));
    await writeFile(path, bytes);
    const source = await FileRangeSource.open(path);
    expect(source.size).toBe(bytes.length);
    await readAll(new PMTiles(source), sampleTiles());
    const tail = await source.getBytes(bytes.length - 3, 100);
    expect(new Uint8Array(tail.data)).toEqual(bytes.subarray(bytes.length - 3));
    expect((await source.getBytes(bytes.length + 10, 5)).data.byteLength).toBe(0);
    await source.close();
    await expect(source.getBytes(0, 10)).rejects.toThrow(/closed/);
  });
});
