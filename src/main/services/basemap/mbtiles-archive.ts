import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Database, SqlValue, Statement } from 'sql.js';
import type { BasemapSource } from '../../../shared/contract/methods/city';
import { decompress, sniffCodec } from './decompress';
import { describeError, refuse } from './errors';
import type { CheckedFile } from './file-checks';
import type { BasemapLimits } from './limits';
import { loadSqlJs } from './sql-js';
import { flipY } from './tile-coords';
import { parseBounds, readVectorLayerIds } from './tilejson';
import type { TileArchive } from './tile-archive';

const RASTER_FORMATS = new Set(['png', 'jpg', 'jpeg', 'webp', 'avif']);
const REQUIRED_COLUMNS = {
  metadata: ['name', 'value'],
  tiles: ['zoom_level', 'tile_column', 'tile_row', 'tile_data'],
} as const;

/**
 * Opens an MBTiles file: SQLite through sql.js, so no native module is built. The file is read
 * into memory once and never written back, which makes it read-only whatever its permissions.
 */
export async function openMbtilesArchive(file: CheckedFile, limits: BasemapLimits): Promise<TileArchive> {
  const { path } = file;
  const bytes = await readFile(path);
  checkSqliteHeader(bytes, path);

  const SQL = await loadSqlJs();
  let db: Database;
  try {
    db = new SQL.Database(bytes);
  } catch (err) {
    throw refuse('corrupt', `${path} is not a readable SQLite database (${describeError(err)})`, { path });
  }
  try {
    const meta = readMetadata(db, path);
    const zooms = zoomRange(db, meta, path);
    await checkVectorFormat(db, meta, path, limits);

    const info: BasemapSource = {
      kind: 'mbtiles',
      name: meta.get('name')?.trim().slice(0, 200) || basename(path),
      minZoom: zooms.min,
      maxZoom: zooms.max,
      bounds: parseBounds(meta.get('bounds')),
      vectorLayers: vectorLayers(meta),
    };
    const lookup: Statement = db.prepare('SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?');
    let closed = false;

    return {
      source: info,
      async readTile(z, x, y) {
        if (closed) throw new Error(`${path} is closed`);
        if (z < zooms.min || z > zooms.max) return null;
        const raw = selectOne(lookup, [z, x, flipY(z, y)]);
        if (raw === null) return null;
        if (!(raw instanceof Uint8Array)) throw new Error(`tile ${z}/${x}/${y} is not a blob`);
        return decompress(raw, sniffCodec(raw), limits.maxTileBytes);
      },
      async close() {
        if (closed) return;
        closed = true;
        lookup.free();
        db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * A truncated SQLite file still opens and may even answer a query or two; its header
 * says how long it should be, so the truncation is caught here rather than mid-session.
 */
function checkSqliteHeader(bytes: Uint8Array, path: string): void {
  if (bytes.length < 100) {
    throw refuse('truncated', `${path} is truncated: a SQLite header needs 100 bytes, the file has ${bytes.length}`, { path });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rawPageSize = view.getUint16(16);
  const pageSize = rawPageSize === 1 ? 65_536 : rawPageSize;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) {
    throw refuse('corrupt', `${path}: the SQLite header names an impossible page size (${rawPageSize})`, { path });
  }
  const pageCount = view.getUint32(28);
  // The in-header page count is trustworthy only when it was written by the same change as the counter.
  const countIsValid = pageCount > 0 && view.getUint32(24) === view.getUint32(92);
  const expected = countIsValid ? pageCount * pageSize : pageSize;
  if (bytes.length < expected) {
    throw refuse('truncated', `${path} is truncated: the SQLite database should be ${expected} bytes, the file has ${bytes.length}`, {
      path,
      expectedBytes: expected,
      size: bytes.length,
    });
  }
}

function readMetadata(db: Database, path: string): Map<string, string> {
  let objects: Map<string, string>;
  try {
    const rows = db.exec("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')")[0]?.values ?? [];
    objects = new Map(rows.map(([name, type]) => [String(name), String(type)]));
  } catch (err) {
    throw refuse('corrupt', `${path} is not a readable SQLite database (${describeError(err)})`, { path });
  }
  const missing = Object.keys(REQUIRED_COLUMNS).filter((t) => !objects.has(t));
  if (missing.length > 0) {
    const found = [...objects.keys()].filter((n) => !n.startsWith('sqlite_'));
    throw refuse(
      'bad-schema',
      `${path} is a SQLite database but not an MBTiles file: it lacks the ${missing.join(' and ')} table${missing.length > 1 ? 's' : ''}` +
        ` (it has ${found.length ? found.slice(0, 10).join(', ') : 'no tables'})`,
      { path, missing },
    );
  }
  for (const [table, columns] of Object.entries(REQUIRED_COLUMNS)) {
    const present = new Set((db.exec(`PRAGMA table_info(${table})`)[0]?.values ?? []).map((row) => String(row[1])));
    const absent = columns.filter((c) => !present.has(c));
    if (absent.length > 0) {
      throw refuse('bad-schema', `${path}: the MBTiles ${table} table lacks the column${absent.length > 1 ? 's' : ''} ${absent.join(', ')}`, {
        path,
        table,
        missing: absent,
      });
    }
  }
  const meta = new Map<string, string>();
  try {
    for (const [name, value] of db.exec('SELECT name, value FROM metadata LIMIT 1000')[0]?.values ?? []) {
      if (typeof name === 'string' && value !== null) meta.set(name.trim().toLowerCase(), String(value));
    }
  } catch (err) {
    throw refuse('corrupt', `${path}: the MBTiles metadata cannot be read (${describeError(err)})`, { path });
  }
  return meta;
}

function zoomRange(db: Database, meta: Map<string, string>, path: string): { min: number; max: number } {
  const fromMeta = (key: string) => {
    const text = meta.get(key);
    const n = text === undefined || text.trim() === '' ? NaN : Number(text);
    return Number.isInteger(n) && n >= 0 && n <= 30 ? n : undefined;
  };
  let min = fromMeta('minzoom');
  let max = fromMeta('maxzoom');
  if (min === undefined || max === undefined) {
    let row: SqlValue[] | undefined;
    try {
      row = db.exec('SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles')[0]?.values[0];
    } catch (err) {
      throw refuse('corrupt', `${path}: the MBTiles tiles table cannot be read (${describeError(err)})`, { path });
    }
    if (!row || row[0] === null) throw refuse('bad-schema', `${path} has no tiles`, { path });
    min ??= Number(row[0]);
    max ??= Number(row[1]);
  }
  if (min > max) throw refuse('bad-schema', `${path}: minzoom ${min} is above maxzoom ${max}`, { path });
  return { min, max };
}

/** The spec says format=pbf for vector tiles; files that omit it are judged by their first tile. */
async function checkVectorFormat(db: Database, meta: Map<string, string>, path: string, limits: BasemapLimits): Promise<void> {
  const format = meta.get('format')?.trim().toLowerCase();
  if (format === 'pbf' || format === 'mvt') return;
  if (format && RASTER_FORMATS.has(format)) {
    throw refuse('not-vector', `${path} is a raster MBTiles (format ${format}); the basemap must be vector tiles (format pbf)`, {
      path,
      format,
    });
  }
  if (format) throw refuse('not-vector', `${path} declares tile format "${format.slice(0, 40)}"; only vector tiles (pbf) are supported`, { path, format });

  let sample: SqlValue | undefined;
  try {
    sample = db.exec('SELECT tile_data FROM tiles LIMIT 1')[0]?.values[0]?.[0];
  } catch (err) {
    throw refuse('corrupt', `${path}: the MBTiles tiles table cannot be read (${describeError(err)})`, { path });
  }
  if (!(sample instanceof Uint8Array)) throw refuse('bad-schema', `${path} has no format in its metadata and no tiles`, { path });
  const head = await decompress(sample, sniffCodec(sample), limits.maxTileBytes).catch(() => sample);
  if (looksLikeImage(head)) {
    throw refuse('not-vector', `${path} holds image tiles; the basemap must be vector tiles (format pbf)`, { path });
  }
}

function looksLikeImage(b: Uint8Array): boolean {
  const starts = (...sig: number[]) => sig.every((v, i) => b[i] === v);
  return starts(0x89, 0x50, 0x4e, 0x47) || starts(0xff, 0xd8, 0xff) || starts(0x52, 0x49, 0x46, 0x46);
}

function vectorLayers(meta: Map<string, string>): string[] {
  const json = meta.get('json');
  if (!json) return [];
  try {
    return readVectorLayerIds((JSON.parse(json) as { vector_layers?: unknown }).vector_layers);
  } catch {
    return [];
  }
}

function selectOne(statement: Statement, params: SqlValue[]): SqlValue {
  try {
    statement.bind(params);
    return statement.step() ? (statement.get()[0] ?? null) : null;
  } finally {
    statement.reset();
  }
}
