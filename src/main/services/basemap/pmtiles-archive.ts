import { basename } from 'node:path';
import { bytesToHeader, Compression, PMTiles, ResolvedValueCache, TileType, type Header } from 'pmtiles';
import type { BasemapSource } from '../../../shared/contract/methods/city';
import { decompress, toArrayBuffer, type Codec } from './decompress';
import { describeError, refuse } from './errors';
import type { CheckedFile } from './file-checks';
import { FileRangeSource } from './file-range-source';
import type { BasemapLimits } from './limits';
import { readVectorLayerIds } from './tilejson';
import type { TileArchive } from './tile-archive';

const HEADER_BYTES = 127;
/** The spec keeps header and root directory within the first 16 KiB, which readers fetch in one go. */
const ROOT_WINDOW_BYTES = 16_384;

const codecs: Partial<Record<Compression, Codec>> = {
  [Compression.None]: 'none',
  [Compression.Gzip]: 'gzip',
  [Compression.Brotli]: 'brotli',
};

/** Opens a PMTiles v3 archive after checking that it is whole and holds vector tiles. */
export async function openPmtilesArchive(file: CheckedFile, limits: BasemapLimits): Promise<TileArchive> {
  const source = await FileRangeSource.open(file.path);
  try {
    const head = await source.getBytes(0, HEADER_BYTES);
    const header = checkHeader(head.data, source.size, file.path);
    const inflate = (buf: ArrayBuffer, compression: Compression): Promise<ArrayBuffer> => {
      const codec = codecs[compression];
      if (!codec) return Promise.reject(new Error(`compression ${Compression[compression] ?? compression} is not supported`));
      // One ceiling for directories, metadata and tiles alike; readTile applies the tighter tile limit after.
      return decompress(new Uint8Array(buf), codec, limits.maxDirectoryBytes).then(toArrayBuffer);
    };
    const archive = new PMTiles(source, new ResolvedValueCache(64, false, inflate), inflate);

    let metadata: unknown;
    try {
      await archive.getHeader();
      metadata = header.jsonMetadataLength > 0 ? await archive.getMetadata() : {};
    } catch (err) {
      throw refuse('corrupt', `${file.path}: the PMTiles directory or metadata cannot be read (${describeError(err)})`, { path: file.path });
    }

    const meta = (metadata && typeof metadata === 'object' ? metadata : {}) as Record<string, unknown>;
    const info: BasemapSource = {
      kind: 'pmtiles',
      name: typeof meta.name === 'string' && meta.name.trim() ? meta.name.trim().slice(0, 200) : basename(file.path),
      minZoom: header.minZoom,
      maxZoom: header.maxZoom,
      bounds: [header.minLon, header.minLat, header.maxLon, header.maxLat],
      vectorLayers: readVectorLayerIds(meta.vector_layers),
    };

    return {
      source: info,
      async readTile(z, x, y) {
        if (z < header.minZoom || z > header.maxZoom) return null;
        const tile = await archive.getZxy(z, x, y);
        if (!tile) return null;
        const bytes = new Uint8Array(tile.data);
        if (bytes.byteLength > limits.maxTileBytes) throw new Error(`tile ${z}/${x}/${y} inflates past ${limits.maxTileBytes} bytes`);
        return bytes;
      },
      close: () => source.close(),
    };
  } catch (err) {
    await source.close();
    throw err;
  }
}

/** Every check that needs only the fixed header, each with a message a person can act on. */
function checkHeader(bytes: ArrayBuffer, fileSize: number, path: string): Header {
  if (bytes.byteLength < HEADER_BYTES) {
    throw refuse('truncated', `${path} is truncated: a PMTiles header needs ${HEADER_BYTES} bytes, the file has ${fileSize}`, { path });
  }
  const version = new DataView(bytes).getUint8(7);
  if (version !== 3) {
    throw refuse('unsupported-version', `${path} is PMTiles version ${version}; only version 3 is supported (convert it with the pmtiles CLI)`, {
      path,
      version,
    });
  }
  const header = bytesToHeader(bytes);
  if (header.tileType !== TileType.Mvt) {
    const type = TileType[header.tileType] ?? `type ${header.tileType}`;
    throw refuse('not-vector', `${path} holds ${type} tiles; the basemap must be vector tiles (MVT)`, { path, tileType: type });
  }
  for (const [what, compression] of [['tiles', header.tileCompression], ['directories', header.internalCompression]] as const) {
    if (!codecs[compression]) {
      const name = Compression[compression] ?? String(compression);
      throw refuse('unsupported-compression', `${path}: ${what} use ${name} compression; gzip, brotli or none are supported`, { path });
    }
  }
  const sections: Array<[string, number, number]> = [
    ['root directory', header.rootDirectoryOffset, header.rootDirectoryLength],
    ['metadata', header.jsonMetadataOffset, header.jsonMetadataLength],
    ['leaf directories', header.leafDirectoryOffset, header.leafDirectoryLength ?? 0],
    ['tile data', header.tileDataOffset, header.tileDataLength ?? 0],
  ];
  for (const [name, offset, length] of sections) {
    if (offset + length > fileSize) {
      throw refuse('truncated', `${path} is truncated: its ${name} ends at byte ${offset + length} but the file has ${fileSize} bytes`, {
        path,
        expectedBytes: offset + length,
        size: fileSize,
      });
    }
  }
  if (header.rootDirectoryLength === 0 || header.rootDirectoryOffset + header.rootDirectoryLength > ROOT_WINDOW_BYTES) {
    throw refuse('corrupt', `${path}: the PMTiles root directory is missing or lies outside the first 16 KiB`, { path });
  }
  if (header.minZoom > header.maxZoom || header.maxZoom > 30) {
    throw refuse('corrupt', `${path}: the zoom range ${header.minZoom}–${header.maxZoom} is impossible`, { path });
  }
  return header;
}
