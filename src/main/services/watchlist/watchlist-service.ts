import { randomUUID } from 'node:crypto';
import { mkdir, readFile, realpath, stat, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { AnalyticsEventInput } from '../../../shared/domain/analytics';
import type { Disposable } from '../../../shared/lib/lifecycle';
import { Emitter } from '../../../shared/lib/emitter';
import {
  canonicalKey,
  foldPlate,
  normalisePlate,
  plateQueryToLike,
  type PlateHit,
  type PlateReadRecord,
  type PlateReadResult,
  type PlateSearch,
  type PlateSearchResult,
  type WatchlistEntry,
} from '../../../shared/domain/plates';
import type { SqlValue } from '../store/sql-values';
import { plateReadColumns } from './watchlist-migrations';

export type WatchlistErrorCode = 'INVALID_PLATE' | 'NOT_FOUND' | 'DUPLICATE' | 'INVALID_QUERY';

export class WatchlistError extends Error {
  constructor(
    readonly code: WatchlistErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WatchlistError';
  }
}

/** What the service needs of the store (StoreService satisfies it). */
export interface PlateStore {
  all<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export interface WatchlistServiceOptions {
  store: PlateStore;
  /** ms since the epoch; injected so expiry is testable. */
  clock?: () => number;
  /** Analytics sink: one `plate.read` per read, flag = hit, label = plate. */
  sink?: (e: AnalyticsEventInput) => void;
  /** Crops kept as evidence are written under this folder (YYYY-MM-DD/<id>.jpg). */
  evidenceDir?: string;
  newId?: () => string;
}

export interface RecordReadInput {
  cameraId: string;
  result: PlateReadResult;
  ts?: Date;
  trackId?: string;
  /** JPEG bytes of the plate crop; written to evidenceDir when given. */
  cropJpeg?: Uint8Array;
}

interface WatchRow {
  id: string;
  plate: string;
  plate_key: string;
  plate_fold: string;
  reason: string;
  added_by: string;
  added_ms: number;
  expires_ms: number | null;
  removed_ms: number | null;
  removed_by: string | null;
}

interface ReadRow {
  id: string;
  ts_ms: number;
  camera_id: string;
  plate: string;
  raw: string;
  confidence: number;
  layout: 'one-row' | 'two-row';
  valid: boolean;
  hit: 'exact' | 'confusable' | null;
  watchlist_id: string | null;
  track_id: string | null;
  evidence: string | null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(Number(ms)).toISOString());
const watchSelect = `SELECT id, plate, plate_key, plate_fold, reason, added_by, epoch_ms(added_at) AS added_ms,
  epoch_ms(expires_at) AS expires_ms, epoch_ms(removed_at) AS removed_ms, removed_by FROM plate_watchlist`;
const readSelect = `SELECT id, epoch_ms(ts) AS ts_ms, camera_id, plate, raw, confidence, layout, valid, hit, watchlist_id, track_id, evidence FROM plate_reads`;

/**
 * The watchlist (danh sách đen) and the plate-read history. Active entries are cached in memory
 * keyed by their confusable fold, so matching a read costs one map lookup; the table stays the
 * record (removals are soft, so a past hit still names its entry).
 */
export class WatchlistService implements Disposable {
  private readonly store: PlateStore;
  private readonly clock: () => number;
  private readonly sink: (e: AnalyticsEventInput) => void;
  private readonly evidenceDir: string | undefined;
  private readonly newId: () => string;
  private byFold = new Map<string, WatchRow[]>();
  private readonly reads = new Emitter<PlateReadRecord>();
  private readonly hits = new Emitter<PlateHit>();
  private readonly changes = new Emitter<void>();
  private loaded: Promise<void> | null = null;
  private disposed = false;

  readonly onRead = this.reads.event;
  readonly onHit = this.hits.event;
  readonly onDidChangeWatchlist = this.changes.event;

  constructor(options: WatchlistServiceOptions) {
    this.store = options.store;
    this.clock = options.clock ?? Date.now;
    this.sink = options.sink ?? (() => {});
    this.evidenceDir = options.evidenceDir;
    this.newId = options.newId ?? randomUUID;
  }

  private ensureLoaded(): Promise<void> {
    this.loaded ??= this.reload();
    return this.loaded;
  }

  private async reload(): Promise<void> {
    const rows = await this.store.all<WatchRow>(`${watchSelect} WHERE removed_at IS NULL`);
    const next = new Map<string, WatchRow[]>();
    for (const r of rows) next.set(r.plate_fold, [...(next.get(r.plate_fold) ?? []), r]);
    this.byFold = next;
  }

  private toEntry(r: WatchRow): WatchlistEntry {
    const expired = r.expires_ms !== null && Number(r.expires_ms) <= this.clock();
    return {
      id: r.id,
      plate: r.plate,
      reason: r.reason,
      addedBy: r.added_by,
      addedAt: iso(r.added_ms)!,
      expiresAt: iso(r.expires_ms),
      active: r.removed_ms === null && !expired,
      removedAt: iso(r.removed_ms),
      removedBy: r.removed_by,
    };
  }

  async list(opts: { includeInactive?: boolean } = {}): Promise<WatchlistEntry[]> {
    const rows = await this.store.all<WatchRow>(`${watchSelect} ${opts.includeInactive ? '' : 'WHERE removed_at IS NULL'} ORDER BY added_at DESC LIMIT 10000`);
    const entries = rows.map((r) => this.toEntry(r));
    return opts.includeInactive ? entries : entries.filter((e) => e.active);
  }

  async add(input: { plate: string; reason: string; expiresAt?: Date | null }, actor: string): Promise<WatchlistEntry> {
    await this.ensureLoaded();
    const n = normalisePlate(input.plate);
    if (!n) throw new WatchlistError('INVALID_PLATE', `"${input.plate}" is not a Vietnamese plate (e.g. 51F-123.45, 59-X1 123.45)`);
    if (input.expiresAt && input.expiresAt.getTime() <= this.clock()) throw new WatchlistError('INVALID_PLATE', 'the expiry is already past');
    const key = n.compact.replace(/Đ/g, 'D');
    const now = this.clock();
    const same = (this.byFold.get(foldPlate(key)) ?? []).find((r) => r.plate_key === key && (r.expires_ms === null || Number(r.expires_ms) > now));
    if (same) throw new WatchlistError('DUPLICATE', `${n.text} is already on the watchlist (${same.reason})`);
    const row: WatchRow = {
      id: this.newId(),
      plate: n.text,
      plate_key: key,
      plate_fold: foldPlate(key),
      reason: input.reason.trim(),
      added_by: actor,
      added_ms: now,
      expires_ms: input.expiresAt ? input.expiresAt.getTime() : null,
      removed_ms: null,
      removed_by: null,
    };
    await this.store.run(
      `INSERT INTO plate_watchlist (id, plate, plate_key, plate_fold, reason, added_by, added_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [row.id, row.plate, row.plate_key, row.plate_fold, row.reason, actor, new Date(now), input.expiresAt ?? null],
    );
    this.byFold.set(row.plate_fold, [...(this.byFold.get(row.plate_fold) ?? []), row]);
    this.changes.fire();
    return this.toEntry(row);
  }

  async remove(id: string, actor: string): Promise<WatchlistEntry> {
    await this.ensureLoaded();
    const now = this.clock();
    const changed = await this.store.run(`UPDATE plate_watchlist SET removed_at = $1, removed_by = $2 WHERE id = $3 AND removed_at IS NULL`, [new Date(now), actor, id]);
    if (changed === 0) throw new WatchlistError('NOT_FOUND', `no watchlist entry ${id}`);
    await this.reload();
    this.changes.fire();
    const [row] = await this.store.all<WatchRow>(`${watchSelect} WHERE id = $1`, [id]);
    return this.toEntry(row!);
  }

  /** The active entry a plate hits, exact before confusable; expired entries never hit. */
  async match(plate: string): Promise<{ entry: WatchlistEntry; match: 'exact' | 'confusable' } | null> {
    await this.ensureLoaded();
    const key = canonicalKey(plate);
    if (key.length < 4) return null;
    const now = this.clock();
    const candidates = (this.byFold.get(foldPlate(key)) ?? []).filter((r) => r.expires_ms === null || Number(r.expires_ms) > now);
    const exact = candidates.find((r) => r.plate_key === key);
    const hit = exact ?? candidates[0];
    return hit ? { entry: this.toEntry(hit), match: exact ? 'exact' : 'confusable' } : null;
  }

  /** Stores one read, checks it against the watchlist, emits the read (and the hit) and the analytics event. */
  async recordRead(input: RecordReadInput): Promise<PlateReadRecord> {
    if (this.disposed) throw new Error('watchlist: disposed');
    const ts = input.ts ?? new Date(this.clock());
    const id = this.newId();
    const r = input.result;
    const m = await this.match(r.text);
    const evidence = input.cropJpeg && this.evidenceDir ? await this.writeEvidence(id, ts, input.cropJpeg) : null;
    const record: PlateReadRecord = {
      id,
      ts: ts.toISOString(),
      cameraId: input.cameraId,
      plate: r.text,
      raw: r.raw,
      confidence: r.confidence,
      layout: r.layout,
      valid: r.valid,
      hit: m?.match ?? null,
      watchlistId: m?.entry.id ?? null,
      trackId: input.trackId ?? null,
      evidence,
    };
    const values: SqlValue[] = [id, ts, record.cameraId, record.plate, foldPlate(canonicalKey(record.plate)), record.raw, record.confidence, record.layout, record.valid, record.hit, record.watchlistId, record.trackId, evidence];
    await this.store.run(`INSERT INTO plate_reads (${plateReadColumns.join(', ')}) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})`, values);
    this.sink({ ts, kind: 'plate.read', source: record.cameraId, value: record.confidence, flag: m !== null, label: record.plate.slice(0, 200) });
    this.reads.fire(record);
    if (m) this.hits.fire({ read: record, entry: m.entry, match: m.match });
    return record;
  }

  private async writeEvidence(id: string, ts: Date, jpeg: Uint8Array): Promise<string> {
    const dir = join(this.evidenceDir!, ts.toISOString().slice(0, 10));
    await mkdir(dir, { recursive: true });
    const file = join(dir, `${id}.jpg`);
    await writeFile(file, jpeg);
    return file;
  }

  /** Full or partial plate over history, newest first, confusable-tolerant (see plateQueryToLike). */
  async search(q: PlateSearch): Promise<PlateSearchResult> {
    const like = plateQueryToLike(q.query, { prefix: q.prefix });
    if (!like) throw new WatchlistError('INVALID_QUERY', 'a plate search needs at least one letter or digit');
    const where = ['plate_fold LIKE $1'];
    const params: SqlValue[] = [like];
    if (q.cameraId) where.push(`camera_id = $${params.push(q.cameraId)}`);
    if (q.hitsOnly) where.push('hit IS NOT NULL');
    if (q.from) where.push(`ts >= $${params.push(new Date(q.from))}`);
    if (q.to) where.push(`ts < $${params.push(new Date(q.to))}`);
    const rows = await this.store.all<ReadRow>(
      `${readSelect} WHERE ${where.join(' AND ')} ORDER BY ts DESC, id DESC LIMIT ${q.limit + 1} OFFSET ${q.offset}`,
      params,
    );
    return { rows: rows.slice(0, q.limit).map(toRecord), hasMore: rows.length > q.limit };
  }

  /**
   * The JPEG kept as evidence for a read, or null when there is none (or it is gone). Only files
   * under the evidence folder are ever read, whatever the row says.
   */
  async evidence(readId: string): Promise<Uint8Array | null> {
    if (!this.evidenceDir) return null;
    const [row] = await this.store.all<{ evidence: string | null }>(`SELECT evidence FROM plate_reads WHERE id = $1`, [readId]);
    if (!row?.evidence) return null;
    try {
      const [root, file] = await Promise.all([realpath(this.evidenceDir), realpath(row.evidence)]);
      if (!file.startsWith(root + sep)) return null;
      const info = await stat(file);
      if (!info.isFile() || info.size > 2 * 1024 * 1024) return null;
      return new Uint8Array(await readFile(file));
    } catch {
      return null;
    }
  }

  async recent(limit = 50, cameraId?: string): Promise<PlateReadRecord[]> {
    const n = Math.max(1, Math.min(500, Math.floor(limit)));
    const rows = cameraId
      ? await this.store.all<ReadRow>(`${readSelect} WHERE camera_id = $1 ORDER BY ts DESC, id DESC LIMIT ${n}`, [cameraId])
      : await this.store.all<ReadRow>(`${readSelect} ORDER BY ts DESC, id DESC LIMIT ${n}`);
    return rows.map(toRecord);
  }

  dispose(): void {
    this.disposed = true;
    this.reads.dispose();
    this.hits.dispose();
    this.changes.dispose();
  }
}

function toRecord(r: ReadRow): PlateReadRecord {
  return {
    id: r.id,
    ts: iso(r.ts_ms)!,
    cameraId: r.camera_id,
    plate: r.plate,
    raw: r.raw,
    confidence: Number(r.confidence),
    layout: r.layout,
    valid: Boolean(r.valid),
    hit: r.hit,
    watchlistId: r.watchlist_id,
    trackId: r.track_id,
    evidence: r.evidence,
  };
}
