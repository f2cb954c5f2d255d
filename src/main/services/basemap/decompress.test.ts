import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decompress, sniffCodec } from './decompress';

const tile = new Uint8Array([0x1a, 0x05, 0x0a, 0x03, 0x61, 0x62, 0x63]);

describe('decompress', () => {
  it('recognises gzip, zlib and raw MVT by their first bytes', () => {
    expect(sniffCodec(gzipSync(tile))).toBe('gzip');
    expect(sniffCodec(deflateSync(tile))).toBe('zlib');
    expect(sniffCodec(tile)).toBe('none');
    expect(sniffCodec(new Uint8Array(0))).toBe('none');
  });

  it('inflates each codec back to the same bytes', async () => {
    expect(await decompress(gzipSync(tile), 'gzip', 1024)).toEqual(tile);
    expect(await decompress(deflateSync(tile), 'zlib', 1024)).toEqual(tile);
    expect(await decompress(brotliCompressSync(tile), 'brotli', 1024)).toEqual(tile);
    expect(await decompress(tile, 'none', 1024)).toEqual(tile);
  });

  it('stops a small bomb from inflating past the ceiling', async () => {
    const bomb = gzipSync(new Uint8Array(4 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(10_000);
    await expect(decompress(bomb, 'gzip', 64 * 1024)).rejects.toThrow(/buffer|size|length/i);
    await expect(decompress(new Uint8Array(100), 'none', 10)).rejects.toThrow(/exceeds/);
  });
});
