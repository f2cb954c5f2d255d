import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { headMac, sameHex } from './chain';

/**
 * The newest (seq, hash) of the audit chain, kept outside the database and signed, so that
 * cutting entries off the end of the table — which leaves a perfectly valid shorter
 * chain — is still noticed.
 */
export interface HeadAnchor {
  seq: number;
  hash: string;
}

const fileSchema = z.object({
  v: z.literal(1),
  seq: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  mac: z.string().regex(/^[0-9a-f]{64}$/),
});

export type HeadRead = { kind: 'missing' } | { kind: 'invalid'; reason: string } | { kind: 'ok'; head: HeadAnchor };

export async function readHead(path: string, chainKey: Buffer): Promise<HeadRead> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw err;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reason: 'the head anchor file is not JSON' };
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) return { kind: 'invalid', reason: 'the head anchor file is malformed' };
  const { seq, hash, mac } = parsed.data;
  if (!sameHex(mac, headMac(chainKey, seq, hash))) {
    return { kind: 'invalid', reason: "the head anchor's signature does not match this station's key" };
  }
  return { kind: 'ok', head: { seq, hash } };
}

/** Temp file, fsync, rename: a crash leaves the old anchor or the new one, never half of one. */
export async function writeHead(path: string, chainKey: Buffer, head: HeadAnchor): Promise<void> {
  const body = `${JSON.stringify({ v: 1, seq: head.seq, hash: head.hash, mac: headMac(chainKey, head.seq, head.hash) })}\n`;
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await fs.open(temp, 'w', 0o600);
  try {
    await handle.writeFile(body, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temp, path);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
}
