import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** The link before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainFields {
  seq: number;
  at: string;
  actor: string;
  action: string;
  args: unknown;
  result: string;
}

/**
 * hash = HMAC-SHA256(chainKey, prevHash ‖ canonical JSON of the entry). The key makes the
 * chain unforgeable by someone who can edit the database file but not read the master key;
 * the previous hash makes every entry vouch for all entries before it.
 */
export function entryHash(chainKey: Buffer, prevHash: string, fields: ChainFields): string {
  const { seq, at, actor, action, args, result } = fields;
  return createHmac('sha256', chainKey)
    .update(prevHash, 'utf8')
    .update(canonicalJson({ seq, at, actor, action, args, result }), 'utf8')
    .digest('hex');
}

/** The head anchor's signature: binds the latest seq to its hash under the chain key. */
export function headMac(chainKey: Buffer, seq: number, hash: string): string {
  return createHmac('sha256', chainKey).update(`audit-head:v1:${seq}:${hash}`, 'utf8').digest('hex');
}

export function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
