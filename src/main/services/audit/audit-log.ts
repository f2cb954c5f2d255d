import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { AuditEntry, AuditVerification } from '../../../shared/domain/audit';
import type { Disposable } from '../../../shared/lib/lifecycle';
import type { AuditRecord, AuditSink } from '../../rpc/types';
import { silentLogger, type Logger } from '../log/logger';
import type { SecretBox } from '../secrets/secret-box';
import { SerialQueue } from '../store/serial-queue';
import type { Queryable } from '../store/store-service';
import { canonicalJson } from './canonical-json';
import { entryHash, GENESIS_HASH } from './chain';
import { readHead, writeHead } from './head-anchor';
import { AUDIT_CHAIN_KEY_PURPOSE, AUDIT_HEAD_FILE } from './paths';
import { checkHead, verifyAuditTrail, type AuditRow } from './verify-trail';

export interface AuditLogDeps {
  store: Queryable;
  /** From SecretBox.deriveKey('audit-chain'): never the master key itself. */
  chainKey: Buffer;
  /** `<dataDir>/audit.head`. */
  headPath: string;
  clock?: () => Date;
  log?: Logger;
}

export interface AuditQuery {
  limit: number;
  beforeSeq?: number;
  actor?: string;
  action?: string;
}

/** Arguments above this size are replaced by their digest: the log records, it does not archive. */
const MAX_ARGS_CHARS = 16 * 1024;
const LIMITS = { actor: 64, action: 100, result: 200 } as const;

/**
 * The append-only audit trail: who did what, when, with which (redacted) arguments, and
 * how it ended. Entries are hash-chained and the newest is anchored in a signed file, so
 * editing, deleting, re-ordering or truncating entries is detected by `verify()`.
 * There is deliberately no way to update or delete an entry through this class.
 */
export class AuditLog implements AuditSink, Disposable {
  private readonly queue = new SerialQueue();
  private readonly clock: () => Date;
  private readonly log: Logger;
  private lastSeq = 0;
  private lastHash = GENESIS_HASH;
  /** Set when the anchor disagreed with the table at startup: it is then kept as evidence. */
  private anchorFrozen: string | undefined;

  private constructor(private readonly deps: AuditLogDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.log = deps.log ?? silentLogger;
  }

  static async open(deps: AuditLogDeps): Promise<AuditLog> {
    if (deps.chainKey.length < 32) throw new RangeError('the audit chain key must be at least 32 bytes');
    const audit = new AuditLog(deps);
    await audit.loadTail();
    await audit.checkAnchorAtStartup();
    return audit;
  }

  /** The console's trail in its data folder: chain key from the station's secrets, anchor in `<dataDir>/audit.head`. */
  static openInDataDir(deps: { store: Queryable; secrets: Pick<SecretBox, 'deriveKey'>; dataDir: string; clock?: () => Date; log?: Logger }): Promise<AuditLog> {
    const { secrets, dataDir, ...rest } = deps;
    return AuditLog.open({ ...rest, chainKey: secrets.deriveKey(AUDIT_CHAIN_KEY_PURPOSE), headPath: join(dataDir, AUDIT_HEAD_FILE) });
  }

  /** Resolves once the entry is committed (its own transaction). */
  append(record: AuditRecord): Promise<AuditEntry> {
    return this.queue.run(async () => {
      const entry = this.nextEntry(record);
      try {
        await this.deps.store.run(
          'INSERT INTO audit_log (seq, logged_at, actor, action, args, result, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
          [entry.seq, entry.at, entry.actor, entry.action, canonicalJson(entry.args), entry.result, this.lastHash, entry.hash],
        );
      } catch (err) {
        // Someone else wrote to the table, or the database failed: start again from what it holds.
        await this.loadTail().catch(() => {});
        throw err;
      }
      this.lastSeq = entry.seq;
      this.lastHash = entry.hash;
      await this.advanceAnchor();
      return entry;
    });
  }

  async list(query: AuditQuery): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: (number | string)[] = [];
    const add = (clause: string, value: number | string) => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (query.beforeSeq !== undefined) add('seq < ?', query.beforeSeq);
    if (query.actor !== undefined) add('actor = ?', query.actor);
    if (query.action !== undefined) add('action = ?', query.action);
    const limit = Math.max(1, Math.min(500, Math.trunc(query.limit)));
    params.push(limit);
    const rows = await this.deps.store.all<AuditRow>(
      `SELECT seq, logged_at, actor, action, args, result, prev_hash, hash FROM audit_log
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toEntry);
  }

  /** Checks every link and the head anchor; waits for appends in flight so it sees one state. */
  verify(): Promise<AuditVerification> {
    return this.queue.run(async () => {
      const result = await verifyAuditTrail({ db: this.deps.store, chainKey: this.deps.chainKey, headPath: this.deps.headPath });
      if (result.ok || !this.anchorFrozen) return result;
      return { ...result, reason: `${result.reason} (noticed at startup: ${this.anchorFrozen})` };
    });
  }

  async dispose(): Promise<void> {
    await this.queue.idle();
  }

  private nextEntry(record: AuditRecord): AuditEntry {
    const seq = this.lastSeq + 1;
    const at = this.clock().toISOString();
    const actor = bounded(record.actor, 'actor', LIMITS.actor);
    const action = bounded(record.action, 'action', LIMITS.action);
    const result = bounded(record.result, 'result', LIMITS.result);
    const args = boundedArgs(record.args);
    const hash = entryHash(this.deps.chainKey, this.lastHash, { seq, at, actor, action, args, result });
    return { seq, at, actor, action, args, result, hash };
  }

  private async loadTail(): Promise<void> {
    const [tail] = await this.deps.store.all<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.lastSeq = tail?.seq ?? 0;
    this.lastHash = tail?.hash ?? GENESIS_HASH;
  }

  /**
   * A head anchor that disagrees with the table means entries were removed or the anchor was
   * swapped while the console was stopped. Rewriting it on the next append would erase that
   * evidence, so it is left alone, and the finding itself goes on the record.
   */
  private async checkAnchorAtStartup(): Promise<void> {
    const head = await readHead(this.deps.headPath, this.deps.chainKey);
    let hashAtHead: string | undefined;
    if (head.kind === 'ok' && head.head.seq <= this.lastSeq) {
      const [row] = await this.deps.store.all<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = $1', [head.head.seq]);
      hashAtHead = row?.hash;
    }
    const problem = checkHead(head, this.lastSeq, hashAtHead);
    if (!problem) return;
    this.anchorFrozen = problem.reason;
    this.log.error('audit: the head anchor disagrees with the audit table; verification will fail until this is investigated', { reason: problem.reason });
    await this.append({ actor: 'system', action: 'audit.anchorMismatch', args: { reason: problem.reason, tableSeq: this.lastSeq }, result: 'error:TAMPERED' });
  }

  private async advanceAnchor(): Promise<void> {
    if (this.anchorFrozen) return;
    try {
      await writeHead(this.deps.headPath, this.deps.chainKey, { seq: this.lastSeq, hash: this.lastHash });
    } catch (err) {
      // The entry is committed; a lagging anchor is caught up by the next append.
      this.log.error('audit: could not write the head anchor', { error: err, seq: this.lastSeq });
    }
  }
}

function toEntry(row: AuditRow): AuditEntry {
  let args: unknown;
  try {
    args = JSON.parse(row.args);
  } catch {
    args = { unreadable: row.args.slice(0, 200) };
  }
  return { seq: row.seq, at: row.logged_at, actor: row.actor, action: row.action, args, result: row.result, hash: row.hash };
}

function bounded(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`audit ${field} must be a non-empty string`);
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

function boundedArgs(args: unknown): unknown {
  const json = canonicalJson(args ?? null);
  const value: unknown = JSON.parse(json);
  if (json.length <= MAX_ARGS_CHARS) return value;
  return { truncated: true, chars: json.length, sha256: createHash('sha256').update(json).digest('hex') };
}
