import type { AuditVerification } from '../../../shared/domain/audit';
import type { Queryable } from '../store/store-service';
import { entryHash, GENESIS_HASH, sameHex } from './chain';
import { readHead, type HeadRead } from './head-anchor';

export interface AuditRow {
  seq: number;
  logged_at: string;
  actor: string;
  action: string;
  args: string;
  result: string;
  prev_hash: string;
  hash: string;
}

export interface VerifyTrailOptions {
  db: Queryable;
  chainKey: Buffer;
  headPath: string;
  /** Rows read per query, so a long trail is checked in bounded memory. */
  pageSize?: number;
}

/**
 * Walks the whole audit trail in seq order and reports the first entry whose link does not
 * hold: an edited field, a missing or duplicated entry, a re-ordered entry, entries written
 * with another key, or a tail cut off below the signed head anchor.
 */
export async function verifyAuditTrail({ db, chainKey, headPath, pageSize = 5_000 }: VerifyTrailOptions): Promise<AuditVerification> {
  const head = await readHead(headPath, chainKey);
  let expected = 1;
  let prevHash = GENESIS_HASH;
  let headHashInTable: string | undefined;
  let checked = 0;

  for (;;) {
    const page = await db.all<AuditRow>(
      'SELECT seq, logged_at, actor, action, args, result, prev_hash, hash FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2',
      [expected, pageSize],
    );
    for (const row of page) {
      const broken = checkRow(row, expected, prevHash, chainKey);
      if (broken) return { ok: false, checked, ...broken };
      if (head.kind === 'ok' && row.seq === head.head.seq) headHashInTable = row.hash;
      prevHash = row.hash;
      expected++;
      checked++;
    }
    if (page.length < pageSize) break;
  }
  // Rows below seq 1 are never written; any there were inserted by hand.
  const [stray] = await db.all<{ n: number; lo: number | null }>('SELECT count(*) AS n, min(seq) AS lo FROM audit_log WHERE seq < 1');
  if (stray && stray.n > 0) return { ok: false, checked, firstBadSeq: Math.max(0, stray.lo ?? 0), reason: 'entries with a sequence number below 1 were inserted' };

  const anchorProblem = checkHead(head, checked, headHashInTable);
  return anchorProblem ? { ok: false, checked, ...anchorProblem } : { ok: true, checked };
}

function checkRow(row: AuditRow, expected: number, prevHash: string, chainKey: Buffer): { firstBadSeq: number; reason: string } | undefined {
  if (row.seq > expected) return { firstBadSeq: expected, reason: `entry ${expected} is missing (the next entry is ${row.seq})` };
  if (row.seq < expected) return { firstBadSeq: row.seq, reason: `entry ${row.seq} appears more than once` };
  if (!sameHex(row.prev_hash, prevHash)) return { firstBadSeq: row.seq, reason: `entry ${row.seq} does not link to the entry before it` };
  let args: unknown;
  try {
    args = JSON.parse(row.args);
  } catch {
    return { firstBadSeq: row.seq, reason: `entry ${row.seq} has arguments that are not JSON` };
  }
  const hash = entryHash(chainKey, prevHash, { seq: row.seq, at: row.logged_at, actor: row.actor, action: row.action, args, result: row.result });
  if (!sameHex(hash, row.hash)) {
    return { firstBadSeq: row.seq, reason: `entry ${row.seq} does not match its hash: it was edited, moved, or written with another key` };
  }
  return undefined;
}

/** Undefined when the anchor agrees with the table; a head that lags the table is benign (a crash before it was rewritten). */
export function checkHead(head: HeadRead, lastSeq: number, hashAtHeadSeq: string | undefined): { firstBadSeq?: number; reason: string } | undefined {
  if (head.kind === 'missing') return lastSeq === 0 ? undefined : { reason: `the head anchor is missing while the trail holds ${lastSeq} entries` };
  if (head.kind === 'invalid') return { reason: head.reason };
  if (head.head.seq > lastSeq) {
    const lost = head.head.seq === lastSeq + 1 ? `entry ${head.head.seq} was` : `entries ${lastSeq + 1}–${head.head.seq} were`;
    return { firstBadSeq: lastSeq + 1, reason: `${lost} removed from the end (the head anchor records seq ${head.head.seq})` };
  }
  if (!hashAtHeadSeq || !sameHex(hashAtHeadSeq, head.head.hash)) {
    return { firstBadSeq: head.head.seq, reason: `entry ${head.head.seq} is not the entry the head anchor recorded` };
  }
  return undefined;
}
