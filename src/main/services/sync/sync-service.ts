import pg from 'pg';
import { z } from 'zod';
import {
  defaultSyncSettings,
  syncSettingsSchema,
  type SyncSettings,
  type SyncStatus,
  type SyncStream,
} from '../../../shared/domain/analytics';
import { Emitter } from '../../../shared/lib/emitter';
import type { Disposable } from '../../../shared/lib/lifecycle';
import { silentLogger, type Logger } from '../log/logger';
import type { SecretBox } from '../secrets/secret-box';
import type { SettingsService } from '../settings/settings-service';
import type { SystemStatusService } from '../status/system-status-service';
import type { StoreService } from '../store/store-service';
import { backlog, chunks, readBatch } from './outbox';
import { remoteInsert, remoteSchema, upsertCursor } from './remote-schema';

const SETTINGS_KEY = 'sync.settings';
const PASSWORD_KEY = 'sync.password';
const LOCAL_EVENTS_CURSOR_KEY = 'sync.eventsCursor';
const storedSchema = syncSettingsSchema.extend({ passwordToken: z.string().nullable() });

export interface SyncServiceOptions {
  store: StoreService;
  settings: Pick<SettingsService, 'get' | 'set'>;
  secrets: Pick<SecretBox, 'encrypt' | 'decrypt'>;
  status: Pick<SystemStatusService, 'report'>;
  /** Names this station in the province's tables (the city id). */
  stationId: string;
  log?: Logger;
  /** Wait when caught up (default 2 s) and the longest retry delay when offline (default 60 s). */
  idleMs?: number;
  maxRetryMs?: number;
  /** Rows per INSERT statement inside a batch's transaction (default 5 000). */
  statementRows?: number;
  now?: () => number;
}

export class SyncError extends Error {
  constructor(
    readonly code: 'NOT_CONFIGURED' | 'BAD_SETTINGS',
    message: string,
  ) {
    super(message);
    this.name = 'SyncError';
  }
}

/**
 * The outbox to the province's PostgreSQL. DuckDB is the outbox: nothing is copied aside, the
 * service reads what lies after its cursor, ships it in one PostgreSQL transaction that also
 * moves the cursor, and only then reads more — so a slow or absent province slows shipping,
 * never the control room, and retention keeps every unshipped event (see `pinnedSeq`).
 * Rows have natural keys, so a batch resent after a crash lands once.
 */
export class SyncService implements Disposable {
  private readonly changed = new Emitter<SyncStatus>();
  readonly onDidChange = this.changed.event;
  private readonly log: Logger;
  private readonly now: () => number;
  private current: SyncStatus;
  private stored: z.infer<typeof storedSchema> = { ...defaultSyncSettings, passwordToken: null };
  private loop: Promise<void> | undefined;
  private stopRequested = false;
  private generation = 0;
  private wake: (() => void) | undefined;
  private client: pg.Client | undefined;
  private eventsCursor = 0;

  constructor(private readonly options: SyncServiceOptions) {
    this.log = options.log ?? silentLogger;
    this.now = options.now ?? Date.now;
    this.current = { settings: defaultSyncSettings, hasPassword: false, state: 'off', pendingRows: 0, lagSeconds: 0, shippedRows: 0, lastShippedAt: null, lastError: null };
  }

  /** Loads the saved settings and starts shipping if sync is on. */
  async start(): Promise<void> {
    this.stored = await this.options.settings.get(SETTINGS_KEY, storedSchema, { ...defaultSyncSettings, passwordToken: null });
    this.eventsCursor = await this.options.settings.get(LOCAL_EVENTS_CURSOR_KEY, z.number().int().min(0), 0);
    this.update({ settings: this.publicSettings(), hasPassword: this.stored.passwordToken !== null });
    await this.restart();
  }

  status(): SyncStatus {
    return this.current;
  }

  /** Saves new settings (the password encrypted, kept when not given) and restarts the outbox. */
  async configure(settings: SyncSettings, password?: string): Promise<SyncStatus> {
    const parsed = syncSettingsSchema.safeParse(settings);
    if (!parsed.success) throw new SyncError('BAD_SETTINGS', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const passwordToken = password === undefined ? this.stored.passwordToken : this.options.secrets.encrypt(password, PASSWORD_KEY);
    this.stored = { ...parsed.data, passwordToken };
    await this.options.settings.set(SETTINGS_KEY, this.stored);
    this.update({ settings: this.publicSettings(), hasPassword: passwordToken !== null, lastError: null });
    await this.restart();
    return this.current;
  }

  /**
   * The lowest event number that must stay in the local store: everything after the province's
   * cursor. With sync off nothing is pinned; with sync on but never connected everything is.
   */
  pinnedSeq(): number {
    return this.stored.enabled && this.stored.streams.includes('events') ? this.eventsCursor : Number.MAX_SAFE_INTEGER;
  }

  /** New data is waiting: ship it now instead of at the next idle tick. */
  kick(): void {
    this.wake?.();
  }

  async dispose(): Promise<void> {
    await this.stop();
    this.changed.dispose();
  }

  private publicSettings(): SyncSettings {
    const { passwordToken: _token, ...rest } = this.stored;
    return rest;
  }

  private async restart(): Promise<void> {
    await this.stop();
    if (!this.stored.enabled) {
      this.update({ state: 'off', pendingRows: 0, lagSeconds: 0 });
      return;
    }
    this.stopRequested = false;
    const generation = ++this.generation;
    this.loop = this.run(generation).catch((err: unknown) => this.log.error('sync loop ended', { err }));
  }

  private async stop(): Promise<void> {
    this.stopRequested = true;
    this.wake?.();
    await this.closeClient();
    await this.loop;
    this.loop = undefined;
  }

  private async run(generation: number): Promise<void> {
    let retryMs = 1_000;
    while (!this.stopRequested && generation === this.generation) {
      try {
        this.update({ state: 'connecting' });
        const cursors = await this.connect();
        retryMs = 1_000;
        while (!this.stopRequested) {
          const shipped = await this.shipOnce(cursors);
          await this.refreshBacklog(cursors);
          if (!shipped) {
            // Idle, a dead link would go unnoticed until the next batch: ask the province it is there.
            await this.client!.query('SELECT 1');
            this.update({ state: 'caughtUp', lastError: null });
            await this.sleep(this.options.idleMs ?? 2_000);
          }
        }
      } catch (err) {
        await this.closeClient();
        if (this.stopRequested) break;
        const refused = isAuthError(err);
        const message = describe(err);
        this.log.warn('sync: province unreachable; retrying', { message, retryMs });
        // Backlog first: whoever sees the new state must also see what it leaves unsent.
        await this.refreshBacklog(null).catch(() => undefined);
        this.update({ state: refused ? 'refused' : 'offline', lastError: message });
        await this.sleep(retryMs);
        retryMs = Math.min(retryMs * 2, this.options.maxRetryMs ?? 60_000);
      }
    }
  }

  private async connect(): Promise<Map<SyncStream, number>> {
    const s = this.stored;
    if (!s.passwordToken) throw new SyncError('NOT_CONFIGURED', 'no password saved for the province database');
    let password: string;
    try {
      password = this.options.secrets.decrypt(s.passwordToken, PASSWORD_KEY);
    } catch {
      throw new SyncError('NOT_CONFIGURED', 'the saved province password cannot be decrypted on this station; enter it again');
    }
    const client = new pg.Client({
      host: s.host,
      port: s.port,
      database: s.database,
      user: s.user,
      password,
      connectionTimeoutMillis: 5_000,
      statement_timeout: 60_000,
      application_name: `ioc-console ${this.options.stationId}`,
    });
    // A dropped connection surfaces as the next query's failure; this keeps it from crashing the process.
    client.on('error', (err) => this.log.warn('sync: connection error', { message: err.message }));
    this.client = client;
    await client.connect();
    for (const ddl of remoteSchema) await client.query(ddl);
    const rows = await client.query<{ stream: SyncStream; position: string }>('SELECT stream, position FROM ioc_sync_cursor WHERE station = $1', [this.options.stationId]);
    const cursors = new Map<SyncStream, number>(s.streams.map((st) => [st, 0]));
    for (const r of rows.rows) if (cursors.has(r.stream)) cursors.set(r.stream, Number(r.position));
    await this.rememberEventsCursor(cursors.get('events'));
    return cursors;
  }

  /** Ships one batch of the stream furthest behind; false when every stream is caught up. */
  private async shipOnce(cursors: Map<SyncStream, number>): Promise<boolean> {
    for (const [stream, after] of cursors) {
      const batch = await readBatch(this.options.store, stream, after, this.stored.batchRows);
      if (!batch) continue;
      this.update({ state: 'shipping' });
      const client = this.client!;
      await client.query('BEGIN');
      try {
        for (const part of chunks(batch.columns, batch.rows, this.options.statementRows ?? 5_000)) {
          await client.query(remoteInsert(stream), [this.options.stationId, ...part]);
        }
        await client.query(upsertCursor, [this.options.stationId, stream, batch.next]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
      cursors.set(stream, batch.next);
      if (stream === 'events') await this.rememberEventsCursor(batch.next);
      this.update({ shippedRows: this.current.shippedRows + batch.rows, lastShippedAt: new Date(this.now()).toISOString() });
      return true;
    }
    return false;
  }

  private async rememberEventsCursor(position: number | undefined): Promise<void> {
    if (position === undefined || position === this.eventsCursor) return;
    this.eventsCursor = position;
    await this.options.settings.set(LOCAL_EVENTS_CURSOR_KEY, position);
  }

  private async refreshBacklog(cursors: Map<SyncStream, number> | null): Promise<void> {
    let rows = 0;
    let oldest: Date | null = null;
    for (const stream of this.stored.streams) {
      const after = cursors?.get(stream) ?? (stream === 'events' ? this.eventsCursor : 0);
      if (!cursors && stream !== 'events') continue;
      const b = await backlog(this.options.store, stream, after);
      rows += b.rows;
      if (b.oldest && (!oldest || b.oldest < oldest)) oldest = b.oldest;
    }
    const lagSeconds = oldest ? Math.max(0, Math.round((this.now() - oldest.getTime()) / 1000)) : 0;
    this.update({ pendingRows: rows, lagSeconds });
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopRequested) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async closeClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.end().catch(() => undefined);
  }

  private update(patch: Partial<SyncStatus>): void {
    this.current = { ...this.current, ...patch };
    const c = this.current;
    const detail = `${c.pendingRows.toLocaleString('vi-VN')} rows pending, lag ${c.lagSeconds} s`;
    switch (c.state) {
      case 'off':
        this.options.status.report('sync', 'off', 'province sync off');
        break;
      case 'caughtUp':
        this.options.status.report('sync', 'ok', `caught up · ${detail}`);
        break;
      case 'shipping':
      case 'connecting':
        this.options.status.report('sync', 'degraded', `${c.state} · ${detail}`);
        break;
      default:
        this.options.status.report('sync', 'down', `${c.state}: ${c.lastError ?? ''} · ${detail}`);
    }
    this.changed.fire(c);
  }
}

function isAuthError(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === '28P01' || code === '28000' || err instanceof SyncError;
}

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e.code ? `${e.code}: ${e.message ?? ''}` : (e.message ?? String(err));
}
