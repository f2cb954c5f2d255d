import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RpcResult } from '../../../shared/contract';
import { AuditLog } from '../../services/audit/audit-log';
import { AuthService } from '../../services/auth/auth-service';
import { SettingsService } from '../../services/settings/settings-service';
import { makeTempDir, openTestStore } from '../../services/store/test-support';
import { RpcRouter } from '../router';
import type { Handlers } from '../types';
import { createAuthHandlers } from './auth';
import { createSettingsHandlers } from './system-settings';

const ADMIN = { username: 'admin', displayName: 'Quản trị', password: 'admin-secret-pw-1' };
const PASSWORDS = ['admin-secret-pw-1', 'viewer-secret-pw-1', 'super-secret-pw-1', 'reset-secret-pw-2', 'changed-secret-pw-3', 'wrong-guess-pw-9'];

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The real services on a temp DuckDB file, behind a real router — as the console wires them. */
async function makeConsole() {
  const tmp = makeTempDir('ioc-rpc-auth-');
  cleanups.push(tmp.cleanup);
  const store = await openTestStore(join(tmp.dir, 'ioc.duckdb'));
  cleanups.push(() => store.dispose());
  let now = Date.parse('2025-06-01T08:00:00.000Z');
  const clock = () => new Date(now);
  const settings = new SettingsService({ store });
  const auth = await AuthService.create({ store, settings, clock, kdf: { N: 1024 }, idleCheckIntervalMs: 0 });
  cleanups.push(() => auth.dispose());
  const audit = await AuditLog.open({ store, chainKey: Buffer.alloc(32, 7), headPath: join(tmp.dir, 'audit.head'), clock });
  const internalErrors: unknown[] = [];
  const router = new RpcRouter({
    handlers: { ...createAuthHandlers({ auth, audit }), ...createSettingsHandlers({ settings, auth }) } as unknown as Handlers,
    sessions: auth,
    audit,
    onInternalError: (method, err) => internalErrors.push([method, err]),
  });
  const call = (sessionId: string, method: string, arg?: unknown) => router.dispatch({ sessionId, transport: 'ws' }, method, arg);
  const screen = () => auth.openSession();

  const admin = screen();
  expectOk(await call(admin, 'auth.setupAdmin', ADMIN));
  return { store, auth, audit, router, call, screen, admin, internalErrors, advance: (ms: number) => (now += ms) };
}

function expectOk<T = unknown>(result: RpcResult<unknown>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

function expectError(result: RpcResult<unknown>, code: string) {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('unreachable');
  expect(result.error.code).toBe(code);
  return result.error;
}

async function loggedIn(ctx: Awaited<ReturnType<typeof makeConsole>>, role: 'viewer' | 'operator' | 'supervisor', password: string) {
  const username = `${role}1`;
  expectOk(await ctx.call(ctx.admin, 'operators.create', { username, displayName: role, role, password }));
  const session = ctx.screen();
  expectOk(await ctx.call(session, 'auth.login', { username, password }));
  return session;
}

describe('auth handlers through the router', () => {
  it('runs first-run setup, login and logout, and records them as the right actor', async () => {
    const ctx = await makeConsole();
    const fresh = ctx.screen();
    expect(expectOk(await ctx.call(fresh, 'auth.state'))).toMatchObject({ needsSetup: false, operator: null });
    expectError(await ctx.call(fresh, 'auth.setupAdmin', { ...ADMIN, username: 'another' }), 'CONFLICT');
    expect(expectOk(await ctx.call(fresh, 'auth.login', { username: 'ADMIN', password: ADMIN.password }))).toMatchObject({
      operator: { username: 'admin', role: 'admin' },
    });
    expect(expectOk(await ctx.call(fresh, 'auth.logout'))).toMatchObject({ operator: null });
    const entries = await ctx.audit.list({ limit: 10 });
    expect(entries.map((e) => [e.actor, e.action, e.result]).reverse()).toEqual([
      ['admin', 'auth.setupAdmin', 'ok'],
      ['anonymous', 'auth.setupAdmin', 'error:CONFLICT'],
      ['admin', 'auth.login', 'ok'],
      ['admin', 'auth.logout', 'ok'],
    ]);
  });

  it('refuses a viewer an admin action, and puts the refusal on the record', async () => {
    const ctx = await makeConsole();
    const viewer = await loggedIn(ctx, 'viewer', 'viewer-secret-pw-1');
    const refusal = expectError(
      await ctx.call(viewer, 'operators.create', { username: 'sneaky', displayName: 'x', role: 'admin', password: 'sneaky-pass-123' }),
      'PERMISSION_DENIED',
    );
    expect(refusal.message).toMatch(/viewer.*operators\.manage/);
    expectError(await ctx.call(viewer, 'audit.list', {}), 'PERMISSION_DENIED');
    expectError(await ctx.call(viewer, 'settings.update', { idleLockMinutes: 60 }), 'PERMISSION_DENIED');
    const [last] = await ctx.audit.list({ limit: 1, action: 'operators.create', actor: 'viewer1' });
    expect(last).toMatchObject({ result: 'error:PERMISSION_DENIED', args: { username: 'sneaky', password: '***' } });
    expect(ctx.auth.listOperators().map((o) => o.username)).not.toContain('sneaky');
  });

  it('refuses calls before login, and everything but unlock and logout while locked', async () => {
    const ctx = await makeConsole();
    expectError(await ctx.call(ctx.screen(), 'operators.list'), 'UNAUTHENTICATED');
    expectOk(await ctx.call(ctx.admin, 'auth.lock'));
    expectError(await ctx.call(ctx.admin, 'operators.list'), 'SESSION_LOCKED');
    expectError(await ctx.call(ctx.admin, 'session.touch'), 'SESSION_LOCKED');
    expectError(await ctx.call(ctx.admin, 'settings.get'), 'SESSION_LOCKED');
    expectError(await ctx.call(ctx.admin, 'auth.unlock', { password: 'wrong-guess-pw-9' }), 'UNAUTHENTICATED');
    expect(expectOk(await ctx.call(ctx.admin, 'auth.unlock', { password: ADMIN.password }))).toMatchObject({ locked: false });
    expect(expectOk<unknown[]>(await ctx.call(ctx.admin, 'operators.list'))).toHaveLength(1);
  });

  it('locks an idle session and refuses its calls until unlocked', async () => {
    const ctx = await makeConsole();
    const { lockAt } = expectOk<{ lockAt: string }>(await ctx.call(ctx.admin, 'session.touch'));
    expect(lockAt).toBe('2025-06-01T08:10:00.000Z');
    ctx.advance(10 * 60_000);
    expectError(await ctx.call(ctx.admin, 'operators.list'), 'SESSION_LOCKED');
    expect(expectOk(await ctx.call(ctx.admin, 'auth.state'))).toMatchObject({ locked: true, operator: { username: 'admin' } });
  });

  it('answers malformed input with INVALID_ARGUMENT, never a crash', async () => {
    const ctx = await makeConsole();
    const bad: [string, unknown][] = [
      ['auth.login', { username: 5, password: 'x' }],
      ['auth.login', { username: 'admin', password: ADMIN.password, extra: true }],
      ['auth.login', null],
      ['auth.login', 'admin'],
      ['auth.login', { username: 'admin', password: 'p'.repeat(10_000) }],
      ['auth.setupAdmin', { username: 'admin2', displayName: 'x', password: 'short' }],
      ['auth.state', { unexpected: 1 }],
      ['operators.create', { username: 'Trực ban', displayName: 'x', role: 'operator', password: 'long-enough-pw' }],
      ['operators.create', { username: 'trucban', displayName: 'x', role: 'root', password: 'long-enough-pw' }],
      ['operators.update', { id: '' }],
      ['operators.update', { id: 'x'.repeat(65) }],
      ['audit.list', { limit: 0 }],
      ['audit.list', { limit: 'all' }],
      ['settings.update', { idleLockMinutes: 0 }],
      ['settings.update', { idleLockMinutes: 5, kiosk: true }],
      ['auth.changePassword', { currentPassword: ADMIN.password, newPassword: 'short' }],
    ];
    for (const [method, arg] of bad) {
      const result = await ctx.call(ctx.admin, method, arg);
      expect(result.ok ? 'ok' : result.error.code, `${method} ${JSON.stringify(arg).slice(0, 60)}`).toBe('INVALID_ARGUMENT');
    }
    expectError(await ctx.call(ctx.admin, 'operators.update', { id: 'no-such-operator' }), 'NOT_FOUND');
    expectError(await ctx.call(ctx.admin, 'no.such.method', {}), 'UNKNOWN_METHOD');
    expect(ctx.internalErrors).toEqual([]);
  });

  it('never writes a password into the audit log', async () => {
    const ctx = await makeConsole();
    await loggedIn(ctx, 'viewer', 'viewer-secret-pw-1');
    const supervisor = await loggedIn(ctx, 'supervisor', 'super-secret-pw-1');
    const viewerId = ctx.auth.listOperators().find((o) => o.username === 'viewer1')!.id;
    expectOk(await ctx.call(ctx.admin, 'operators.resetPassword', { id: viewerId, password: 'reset-secret-pw-2' }));
    expectError(await ctx.call(ctx.screen(), 'auth.login', { username: 'admin', password: 'wrong-guess-pw-9' }), 'UNAUTHENTICATED');
    expect(expectOk(await ctx.call(supervisor, 'auth.changePassword', { currentPassword: 'super-secret-pw-1', newPassword: 'changed-secret-pw-3' }))).toEqual({ changed: true });
    expectOk(await ctx.call(supervisor, 'auth.lock'));
    expectOk(await ctx.call(supervisor, 'auth.unlock', { password: 'changed-secret-pw-3' }));

    const everything = JSON.stringify(await ctx.store.all('SELECT * FROM audit_log'));
    for (const password of PASSWORDS) expect(everything).not.toContain(password);
    expect(everything).toContain('***');
  });

  it('serves settings, applies an update live to idle lock, and lets a supervisor read and verify the trail', async () => {
    const ctx = await makeConsole();
    expect(expectOk(await ctx.call(ctx.admin, 'settings.get'))).toEqual({ idleLockMinutes: 10 });
    expect(expectOk(await ctx.call(ctx.admin, 'settings.update', { idleLockMinutes: 30 }))).toEqual({ idleLockMinutes: 30 });
    expect(expectOk(await ctx.call(ctx.admin, 'auth.state'))).toMatchObject({ idleLockMinutes: 30 });

    const supervisor = await loggedIn(ctx, 'supervisor', 'super-secret-pw-1');
    const { entries } = expectOk<{ entries: { action: string }[] }>(await ctx.call(supervisor, 'audit.list', { limit: 3 }));
    expect(entries.map((e) => e.action)).toEqual(['auth.login', 'operators.create', 'settings.update']);
    expect(expectOk(await ctx.call(supervisor, 'audit.verify'))).toMatchObject({ ok: true });
    await ctx.store.run("UPDATE audit_log SET actor = 'someone' WHERE seq = 2");
    expect(expectOk(await ctx.call(supervisor, 'audit.verify'))).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it('reports throttled logins as RATE_LIMITED with retryAfterMs', async () => {
    const ctx = await makeConsole();
    const s = ctx.screen();
    for (let i = 0; i < 5; i++) expectError(await ctx.call(s, 'auth.login', { username: 'admin', password: `wrong-guess-${i}` }), 'UNAUTHENTICATED');
    const limited = expectError(await ctx.call(s, 'auth.login', { username: 'admin', password: ADMIN.password }), 'RATE_LIMITED');
    expect(limited.details).toEqual({ retryAfterMs: 30_000 });
  });
});
