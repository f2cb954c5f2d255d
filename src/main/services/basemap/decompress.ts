import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);
const brotliAsync = promisify(brotliDecompress);

export type Codec = 'none' | 'gzip' | 'zlib' | 'brotli';

/** Compressed vector tiles in the wild are gzip (most), zlib (some old MBTiles) or raw. */
export function sniffCodec(bytes: Uint8Array): Codec {
  const [b0 = -1, b1 = -1] = bytes;
  if (b0 === 0x1f && b1 === 0x8b) return 'gzip';
  // zlib: deflate method 8 in the low nibble, and the two header bytes a multiple of 31.
  if ((b0 & 0x0f) === 8 && b1 >= 0 && ((b0 << 8) | b1) % 31 === 0) return 'zlib';
  return 'none';
}

/**
 * Inflates with a ceiling on the output, so a small hostile file cannot expand into
 * gigabytes inside the main process.
 */
export async function decompress(bytes: Uint8Array, codec: Codec, maxOutputBytes: number): Promise<Uint8Array> {
  const options = { maxOutputLength: maxOutputBytes };
  switch (codec) {
    case 'none':
      if (bytes.length > maxOutputBytes) throw new RangeError(`data of ${bytes.length} bytes exceeds the ${maxOutputBytes}-byte limit`);
      return bytes;
    case 'gzip':
      return asUint8(await gunzipAsync(bytes, options));
    case 'zlib':
      return asUint8(await inflateAsync(bytes, options));
    case 'brotli':
      return asUint8(await brotliAsync(bytes, options));
  }
}

function asUint8(buf: Buffer): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** An ArrayBuffer holding exactly these bytes (a Buffer's backing store may be shared). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
