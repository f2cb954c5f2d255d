import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../log/logger';
import type { StoreService } from '../store/store-service';
import { makeTempDir, openTestStore } from '../store/test-support';
import { AuditLog } from './audit-log';
import { entryHash, GENESIS_HASH } from './chain';
import { verifyAuditTrail } from './verify-trail';

const KEY = Buffer.alloc(32, 0xa1);
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function makeAudit(options: { entries?: number; dir?: string; log?: Logger } = {}) {
  let dir = options.dir;
  if (!dir) {
    const tmp = makeTempDir('ioc-audit-');
    cleanups.push(tmp.cleanup);
    dir = tmp.dir;
  }
  const store = await openTestStore(join(dir, 'ioc.duckdb'));
  cleanups.push(() => store.dispose());
  const headPath = join(dir, 'audit.head');
  let tick = Date.parse('2025-06-01T08:00:00.000Z');
  const audit = await AuditLog.open({ store, chainKey: KEY, headPath, clock: () => new Date((tick += 1000)), ...(options.log ? { log: options.log } : {}) });
  for (let i = 1; i <= (options.entries ?? 0); i++) {
    await audit.append({ actor: i % 2 ? 'admin' : 'trucban', action: i % 3 ? 'operators.create' : 'auth.login', args: { n: i }, result: 'ok' });
  }
  return { audit, store, dir, headPath };
}

/** Reopens the same data folder, as after a restart. */
async function reopen(ctx: { store: StoreService; dir: string }, log?: Logger) {
  await ctx.store.dispose();
  return makeAudit({ dir: ctx.dir, ...(log ? { log } : {}) });
}

describe('AuditLog', () => {
  it('appends contiguous, chained entries even when callers race', async () => {
    const { audit } = await makeAudit();
    const entries = await Promise.all(
      Array.from({ length: 40 }, (_, i) => audit.append({ actor: 'admin', action: 'settings.update', args: { i }, result: 'ok' })),
    );
    expect(entries.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const first = entries.find((e) => e.seq === 1)!;
    expect(first.hash).toBe(entryHash(KEY, GENESIS_HASH, first));
    expect(await audit.verify()).toEqual({ ok: true, checked: 40 });
  });

  it('lists newest first, filtered and paged', async () => {
    const { audit } = await makeAudit({ entries: 9 });
    const latest = await audit.list({ limit: 3 });
    expect(latest.map((e) => e.seq)).toEqual([9, 8, 7]);
    expect(latest[0]).toMatchObject({ actor: 'admin', action: 'auth.login', args: { n: 9 }, result: 'ok' });
    expect((await audit.list({ limit: 3, beforeSeq: 7 })).map((e) => e.seq)).toEqual([6, 5, 4]);
    expect((await audit.list({ limit: 100, actor: 'trucban' })).map((e) => e.seq)).toEqual([8, 6, 4, 2]);
    expect((await audit.list({ limit: 100, action: 'auth.login', actor: 'admin' })).map((e) => e.seq)).toEqual([9, 3]);
    expect(await audit.list({ limit: 5, actor: "x' OR '1'='1" })).toEqual([]);
  });

  it('records odd or huge arguments without failing, huge ones by digest', async () => {
    const { audit } = await makeAudit();
    const cyclic: Record<string, unknown> = { id: 7n };
    cyclic.self = cyclic;
    expect((await audit.append({ actor: 'admin', action: 'x.odd', args: cyclic, result: 'ok' })).args).toEqual({ id: '7', self: '[circular]' });
    const huge = await audit.append({ actor: 'admin', action: 'map.import', args: { geojson: 'x'.repeat(100_000) }, result: 'ok' });
    expect(huge.args).toMatchObject({ truncated: true, chars: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 2 });
    await expect(audit.append({ actor: '', action: 'x', args: null, result: 'ok' })).rejects.toThrow(/actor/);
  });

  it('offers no way to change or remove an entry', () => {
    const methods = Object.getOwnPropertyNames(AuditLog.prototype);
    for (const m of methods) expect(m).not.toMatch(/update|delete|remove|edit|clear|truncate/i);
  });

  it('keeps the signed head anchor on the latest entry', async () => {
    const { audit, headPath } = await makeAudit({ entries: 3 });
    const head = JSON.parse(readFileSync(headPath, 'utf8'));
    expect(head).toMatchObject({ v: 1, seq: 3, hash: (await audit.list({ limit: 1 }))[0]!.hash });
  });
});

describe('AuditLog tamper detection', () => {
  const cases: { name: string; tamper: (store: StoreService) => Promise<unknown>; seq: number; reason: RegExp }[] = [
    { name: 'an edited actor', tamper: (s) => s.run("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 3"), seq: 3, reason: /does not match its hash/ },
    { name: 'edited arguments', tamper: (s) => s.run('UPDATE audit_log SET args = \'{"n":99}\' WHERE seq = 2'), seq: 2, reason: /does not match its hash/ },
    { name: 'an edited result', tamper: (s) => s.run("UPDATE audit_log SET result = 'error:PERMISSION_DENIED' WHERE seq = 5"), seq: 5, reason: /does not match/ },
    { name: 'an edited time', tamper: (s) => s.run("UPDATE audit_log SET logged_at = '2020-01-01T00:00:00.000Z' WHERE seq = 4"), seq: 4, reason: /does not match/ },
    { name: 'a deleted middle entry', tamper: (s) => s.run('DELETE FROM audit_log WHERE seq = 3'), seq: 3, reason: /entry 3 is missing/ },
    {
      name: 'two entries swapped',
      tamper: async (s) => {
        await s.run('UPDATE audit_log SET seq = -2 WHERE seq = 2');
        await s.run('UPDATE audit_log SET seq = 2 WHERE seq = 4');
        await s.run('UPDATE audit_log SET seq = 4 WHERE seq = -2');
      },
      seq: 2,
      reason: /does not (link|match)/,
    },
    { name: 'arguments that are not JSON', tamper: (s) => s.run("UPDATE audit_log SET args = '{oops' WHERE seq = 6"), seq: 6, reason: /not JSON/ },
    { name: 'a cut-off tail', tamper: (s) => s.run('DELETE FROM audit_log WHERE seq >= 5'), seq: 5, reason: /5–6 were removed from the end/ },
    {
      name: 'the whole chain recomputed with another key',
      tamper: async (s) => {
        const otherKey = randomBytes(32);
        const rows = await s.all<{ seq: number; logged_at: string; actor: string; action: string; args: string; result: string }>(
          'SELECT * FROM audit_log ORDER BY seq',
        );
        let prev = GENESIS_HASH;
        for (const r of rows) {
          const hash = entryHash(otherKey, prev, { seq: r.seq, at: r.logged_at, actor: r.actor, action: r.action, args: JSON.parse(r.args), result: 'ok' });
          await s.run("UPDATE audit_log SET result = 'ok', prev_hash = $1, hash = $2 WHERE seq = $3", [prev, hash, r.seq]);
          prev = hash;
        }
      },
      seq: 1,
      reason: /another key/,
    },
    {
      name: 'a forged entry appended',
      tamper: async (s) => {
        const [last] = await s.all<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = 6');
        const fields = { seq: 7, at: '2025-06-01T09:00:00.000Z', actor: 'admin', action: 'operators.update', args: {}, result: 'ok' };
        await s.run("INSERT INTO audit_log VALUES (7, $1, 'admin', 'operators.update', '{}', 'ok', $2, $3)", [fields.at, last!.hash, entryHash(randomBytes(32), last!.hash, fields)]);
      },
      seq: 7,
      reason: /does not match its hash/,
    },
  ];

  it.each(cases)('catches $name and names seq $seq', async ({ tamper, seq, reason }) => {
    const { audit, store } = await makeAudit({ entries: 6 });
    expect(await audit.verify()).toEqual({ ok: true, checked: 6 });
    await tamper(store);
    const result = await audit.verify();
    expect(result.ok).toBe(false);
    expect(result.firstBadSeq).toBe(seq);
    expect(result.reason).toMatch(reason);
  });

  it('catches a missing or forged head anchor', async () => {
    const { audit, headPath } = await makeAudit({ entries: 4 });
    const genuine = readFileSync(headPath, 'utf8');
    const forged = { ...JSON.parse(genuine), seq: 2 };
    writeFileSync(headPath, JSON.stringify(forged));
    expect(await audit.verify()).toMatchObject({ ok: false, reason: expect.stringMatching(/signature does not match/) });
    writeFileSync(headPath, 'garbage');
    expect(await audit.verify()).toMatchObject({ ok: false, reason: expect.stringMatching(/not JSON/) });
    rmSync(headPath);
    expect(await audit.verify()).toMatchObject({ ok: false, reason: expect.stringMatching(/anchor is missing while the trail holds 4/) });
  });

  it('accepts an anchor that lags one entry behind (a crash before it was rewritten) and catches up', async () => {
    const ctx = await makeAudit({ entries: 3 });
    const atThree = readFileSync(ctx.headPath, 'utf8');
    await ctx.audit.append({ actor: 'admin', action: 'auth.lock', args: null, result: 'ok' });
    writeFileSync(ctx.headPath, atThree);
    expect(await ctx.audit.verify()).toEqual({ ok: true, checked: 4 });
    const again = await reopen(ctx);
    await again.audit.append({ actor: 'admin', action: 'auth.unlock', args: null, result: 'ok' });
    expect(JSON.parse(readFileSync(again.headPath, 'utf8')).seq).toBe(5);
    expect(await again.audit.verify()).toEqual({ ok: true, checked: 5 });
  });

  it('keeps failing after a restart that follows truncation, and records the finding', async () => {
    const ctx = await makeAudit({ entries: 6 });
    await ctx.store.run('DELETE FROM audit_log WHERE seq > 4');
    const errors: string[] = [];
    const log: Logger = { info() {}, warn() {}, error: (m) => errors.push(m) };
    const again = await reopen(ctx, log);
    expect(errors.join()).toMatch(/head anchor disagrees/);
    const [finding] = await again.audit.list({ limit: 1 });
    expect(finding).toMatchObject({ seq: 5, actor: 'system', action: 'audit.anchorMismatch', result: 'error:TAMPERED' });
    await again.audit.append({ actor: 'admin', action: 'auth.login', args: {}, result: 'ok' });
    const result = await again.audit.verify();
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/noticed at startup: entries 5–6 were removed/);
  });

  it('verifies long trails page by page', async () => {
    const { store, headPath } = await makeAudit({ entries: 10 });
    expect(await verifyAuditTrail({ db: store, chainKey: KEY, headPath, pageSize: 3 })).toEqual({ ok: true, checked: 10 });
    await store.run("UPDATE audit_log SET actor = 'x' WHERE seq = 8");
    expect(await verifyAuditTrail({ db: store, chainKey: KEY, headPath, pageSize: 3 })).toMatchObject({ ok: false, checked: 7, firstBadSeq: 8 });
  });

  it('starts a fresh trail that verifies with nothing in it', async () => {
    const { audit } = await makeAudit();
    expect(await audit.verify()).toEqual({ ok: true, checked: 0 });
  });
});
