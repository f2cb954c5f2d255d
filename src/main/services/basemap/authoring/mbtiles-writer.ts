import { gzipSync } from 'node:zlib';
import { loadSqlJs } from '../sql-js';
import { flipY } from '../tile-coords';
import type { BuiltTile } from './vector-tiles';

export interface MbtilesInput {
  tiles: readonly BuiltTile[];
  /** MBTiles 1.3 metadata rows (name, format, bounds, minzoom, maxzoom, json, …). */
  metadata: Record<string, string>;
  tileCompression?: 'gzip' | 'none';
}

/**
 * Writes an MBTiles 1.3 file (https://github.com/mapbox/mbtiles-spec/blob/master/1.3/spec.md)
 * as SQLite bytes. Rows are addressed in TMS order (y counted from the south), as the spec says.
 */
export async function encodeMbtiles(input: MbtilesInput): Promise<Uint8Array> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  try {
    db.run(`
      CREATE TABLE metadata (name TEXT, value TEXT);
      CREATE UNIQUE INDEX metadata_name ON metadata (name);
      CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
      CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);
    `);
    db.run('BEGIN');
    const meta = db.prepare('INSERT INTO metadata (name, value) VALUES (?, ?)');
    for (const [name, value] of Object.entries(input.metadata)) meta.run([name, value]);
    meta.free();
    const gzip = (input.tileCompression ?? 'gzip') === 'gzip';
    const insert = db.prepare('INSERT INTO tiles (zoom_level, tile_column, tile_row, tile_data) VALUES (?, ?, ?, ?)');
    for (const t of input.tiles) insert.run([t.z, t.x, flipY(t.z, t.y), gzip ? gzipSync(t.data) : t.data]);
    insert.free();
    db.run('COMMIT');
    return db.export();
  } finally {
    db.close();
  }
}
