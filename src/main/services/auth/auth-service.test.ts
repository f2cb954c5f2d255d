import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RpcError, type RpcErrorCode } from '../../../shared/contract/errors';
import { SettingsService } from '../settings/settings-service';
import { makeTempDir, openTestStore, waitUntil } from '../store/test-support';
import { AuthService, type AuthServiceDeps, type SessionChange } from './auth-service';
import { PasswordHasher } from './password-hasher';

const ADMIN = { username: 'admin', displayName: 'Quản trị viên', password: 'admin-password-1' };
const START = Date.parse('2025-06-01T08:00:00.000Z');
const MINUTE = 60_000;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  vi.restoreAllMocks();
});

async function makeAuth(options: { path?: string; kdf?: AuthServiceDeps['kdf']; idleCheckIntervalMs?: number } = {}) {
  const store = await openTestStore(options.path);
  const settings = new SettingsService({ store });
  let now = START;
  const auth = await AuthService.create({
    store,
    settings,
    clock: () => new Date(now),
    kdf: options.kdf ?? { N: 1024 },
    idleCheckIntervalMs: options.idleCheckIntervalMs ?? 0,
  });
  const events: SessionChange[] = [];
  auth.onDidChangeSession((e) => events.push(e));
  cleanups.push(() => store.dispose(), () => settings.dispose(), () => auth.dispose());
  return { auth, store, settings, events, advance: (ms: number) => (now += ms) };
}

async function withAdmin(options: Parameters<typeof makeAuth>[0] = {}) {
  const ctx = await makeAuth(options);
  const adminSession = ctx.auth.openSession();
  await ctx.auth.setupAdmin(adminSession, ADMIN);
  return { ...ctx, adminSession };
}

async function rpcError(promise: Promise<unknown> | (() => unknown), code: RpcErrorCode): Promise<RpcError> {
  let err: unknown;
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(RpcError);
  expect((err as RpcError).code).toBe(code);
  return err as RpcError;
}

describe('AuthService first run', () => {
  it('needs setup until the first admin exists, then logs that session in', async () => {
    const { auth, events } = await makeAuth();
    const session = auth.openSession();
    expect(auth.state(session)).toEqual({ needsSetup: true, operator: null, locked: false, idleLockMinutes: 10 });
    const state = await auth.setupAdmin(session, { ...ADMIN, username: '  Admin ' });
    expect(state).toMatchObject({ needsSetup: false, locked: false, operator: { username: 'admin', role: 'admin', disabled: false } });
    expect(auth.current(session).operator?.displayName).toBe('Quản trị viên');
    expect(events.at(-1)).toEqual({ sessionId: session, state });
    await rpcError(auth.setupAdmin(auth.openSession(), { ...ADMIN, username: 'second' }), 'CONFLICT');
  });

  it('creates exactly one admin when two screens race to set up', async () => {
    const { auth, store } = await makeAuth();
    const results = await Promise.allSettled([
      auth.setupAdmin(auth.openSession(), { ...ADMIN, username: 'first' }),
      auth.setupAdmin(auth.openSession(), { ...ADMIN, username: 'second' }),
      auth.setupAdmin(auth.openSession(), { ...ADMIN, username: 'third' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) expect(((r as PromiseRejectedResult).reason as RpcError).code).toBe('CONFLICT');
    expect(await store.all('SELECT username FROM operators')).toHaveLength(1);
  });

  it('refuses a weak first password and a malformed username', async () => {
    const { auth } = await makeAuth();
    const session = auth.openSession();
    expect((await rpcError(auth.setupAdmin(session, { ...ADMIN, password: 'short' }), 'INVALID_ARGUMENT')).message).toMatch(/password: at least 10/);
    await rpcError(auth.setupAdmin(session, { ...ADMIN, username: 'Trực ban' }), 'INVALID_ARGUMENT');
    expect(auth.state(session).needsSetup).toBe(true);
  });

  it('stores a salted scrypt hash, never the password', async () => {
    const { store } = await withAdmin();
    const [row] = await store.all<{ password_hash: string }>('SELECT password_hash FROM operators');
    expect(row!.password_hash).toMatch(/^scrypt\$N=1024,r=8,p=1\$/);
    expect(JSON.stringify(await store.all('SELECT * FROM operators'))).not.toContain(ADMIN.password);
  });
});

describe('AuthService login', () => {
  it('logs in case-insensitively and out again', async () => {
    const { auth, events } = await withAdmin();
    const session = auth.openSession();
    expect((await auth.login(session, ' ADMIN ', ADMIN.password)).operator?.username).toBe('admin');
    expect(events.at(-1)?.sessionId).toBe(session);
    expect(auth.logout(session)).toMatchObject({ operator: null, locked: false });
    expect(auth.current(session)).toEqual({ operator: null, locked: false });
  });

  it('answers an unknown user exactly like a wrong password, after the same KDF work', async () => {
    const { auth } = await withAdmin();
    const verify = vi.spyOn(PasswordHasher.prototype, 'verify');
    const wrong = await rpcError(auth.login(auth.openSession(), 'admin', 'not-the-password'), 'UNAUTHENTICATED');
    const unknown = await rpcError(auth.login(auth.openSession(), 'nobody', 'not-the-password'), 'UNAUTHENTICATED');
    expect(unknown.message).toBe(wrong.message);
    expect(unknown.message).toBe('wrong username or password');
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('refuses a disabled account only after the right password', async () => {
    const { auth } = await withAdmin();
    const op = await auth.createOperator({ username: 'trucban', displayName: 'Trực ban', role: 'operator', password: 'operator-pass-1' });
    await auth.updateOperator({ id: op.id, disabled: true });
    await rpcError(auth.login(auth.openSession(), 'trucban', 'wrong-password'), 'UNAUTHENTICATED');
    expect((await rpcError(auth.login(auth.openSession(), 'trucban', 'operator-pass-1'), 'PERMISSION_DENIED')).message).toMatch(/disabled/);
  });

  it('throttles guessing per username: 5 failures, then 30 s, then doubling', async () => {
    const { auth, advance } = await withAdmin();
    const session = auth.openSession();
    for (let i = 0; i < 5; i++) await rpcError(auth.login(session, 'admin', `guess-${i}-xxxx`), 'UNAUTHENTICATED');
    const limited = await rpcError(auth.login(session, 'admin', ADMIN.password), 'RATE_LIMITED');
    expect(limited.details).toEqual({ retryAfterMs: 30_000 });
    advance(10_000);
    expect((await rpcError(auth.login(session, 'admin', ADMIN.password), 'RATE_LIMITED')).details).toEqual({ retryAfterMs: 20_000 });
    advance(20_000);
    await rpcError(auth.login(session, 'admin', 'guess-again-xx'), 'UNAUTHENTICATED');
    expect((await rpcError(auth.login(session, 'admin', ADMIN.password), 'RATE_LIMITED')).details).toEqual({ retryAfterMs: 60_000 });
    advance(60_000);
    expect((await auth.login(session, 'admin', ADMIN.password)).operator?.username).toBe('admin');
  });

  it('throttles unknown usernames the same way', async () => {
    const { auth } = await withAdmin();
    const session = auth.openSession();
    for (let i = 0; i < 5; i++) await rpcError(auth.login(session, 'ghost', `guess-${i}-xxxx`), 'UNAUTHENTICATED');
    expect((await rpcError(auth.login(session, 'ghost', 'guess-5-xxxx'), 'RATE_LIMITED')).details).toEqual({ retryAfterMs: 30_000 });
  });

  it('refuses calls from a session it never opened', async () => {
    const { auth } = await withAdmin();
    await rpcError(auth.login('made-up-session', 'admin', ADMIN.password), 'UNAUTHENTICATED');
    expect(auth.current('made-up-session')).toEqual({ operator: null, locked: false });
    auth.closeSession('made-up-session');
  });

  it('upgrades a hash made with weaker settings at the next login', async () => {
    const tmp = makeTempDir('ioc-auth-');
    cleanups.push(tmp.cleanup);
    const path = join(tmp.dir, 'ioc.duckdb');
    const weak = await withAdmin({ path, kdf: { N: 1024 } });
    await weak.store.dispose();
    const strong = await makeAuth({ path, kdf: { N: 4096 } });
    await strong.auth.login(strong.auth.openSession(), 'admin', ADMIN.password);
    const [row] = await strong.store.all<{ password_hash: string }>('SELECT password_hash FROM operators');
    expect(row!.password_hash).toMatch(/^scrypt\$N=4096,/);
    expect((await strong.auth.login(strong.auth.openSession(), 'admin', ADMIN.password)).operator).not.toBeNull();
  });
});

describe('AuthService lock and idle lock', () => {
  it('locks by hand and unlocks with the password, with the same throttle as login', async () => {
    const { auth, adminSession } = await withAdmin();
    expect(auth.lock(adminSession)).toMatchObject({ locked: true, operator: { username: 'admin' } });
    expect(auth.current(adminSession).locked).toBe(true);
    await rpcError(() => auth.touch(adminSession), 'SESSION_LOCKED');
    for (let i = 0; i < 5; i++) await rpcError(auth.unlock(adminSession, `wrong-${i}-xxxx`), 'UNAUTHENTICATED');
    await rpcError(auth.unlock(adminSession, ADMIN.password), 'RATE_LIMITED');
    // The lockout is per username: logging in as admin elsewhere is refused too.
    await rpcError(auth.login(auth.openSession(), 'admin', ADMIN.password), 'RATE_LIMITED');
  });

  it('locks a session idle longer than the station limit, and touch() postpones it', async () => {
    const { auth, adminSession, advance, events } = await withAdmin();
    advance(9 * MINUTE);
    expect(auth.touch(adminSession).toISOString()).toBe(new Date(START + 19 * MINUTE).toISOString());
    advance(10 * MINUTE - 1);
    auth.checkIdle();
    expect(auth.current(adminSession).locked).toBe(false);
    advance(1);
    const before = events.length;
    const idleLocks: { sessionId: string; username: string }[] = [];
    auth.onDidLockForIdle((e) => idleLocks.push(e));
    auth.checkIdle();
    auth.checkIdle();
    expect(idleLocks).toEqual([{ sessionId: adminSession, username: 'admin' }]);
    expect(auth.current(adminSession).locked).toBe(true);
    expect(events.slice(before)).toEqual([{ sessionId: adminSession, state: expect.objectContaining({ locked: true }) }]);
    expect((await auth.unlock(adminSession, ADMIN.password)).locked).toBe(false);
  });

  it('treats an overdue session as locked even before the sweep runs', async () => {
    const { auth, adminSession, advance } = await withAdmin();
    advance(10 * MINUTE);
    expect(auth.current(adminSession)).toMatchObject({ locked: true });
  });

  it('follows a live change of idleLockMinutes', async () => {
    const { auth, settings, adminSession, advance, events } = await withAdmin();
    advance(3 * MINUTE);
    await settings.updateStation({ idleLockMinutes: 2 });
    // Announced with the new limit, and already past it: locked at once.
    expect(events.some((e) => e.sessionId === adminSession && e.state.idleLockMinutes === 2)).toBe(true);
    expect(auth.state(adminSession)).toMatchObject({ locked: true, idleLockMinutes: 2 });
  });

  it('sweeps on its own timer', async () => {
    const { auth, adminSession, advance } = await withAdmin({ idleCheckIntervalMs: 10 });
    const locked: string[] = [];
    auth.onDidChangeSession((e) => e.state.locked && locked.push(e.sessionId));
    advance(11 * MINUTE);
    await waitUntil(() => locked.length > 0, 2_000);
    expect(locked).toEqual([adminSession]);
  });
});

describe('AuthService passwords and operators', () => {
  it('changes a password only with the current one', async () => {
    const { auth, adminSession } = await withAdmin();
    await rpcError(auth.changePassword(adminSession, 'not-current-pw', 'brand-new-password'), 'UNAUTHENTICATED');
    await rpcError(auth.changePassword(adminSession, ADMIN.password, 'short'), 'INVALID_ARGUMENT');
    await rpcError(auth.changePassword(adminSession, ADMIN.password, ADMIN.password), 'INVALID_ARGUMENT');
    await auth.changePassword(adminSession, ADMIN.password, 'brand-new-password');
    await rpcError(auth.login(auth.openSession(), 'admin', ADMIN.password), 'UNAUTHENTICATED');
    expect((await auth.login(auth.openSession(), 'admin', 'brand-new-password')).operator).not.toBeNull();
  });

  it('creates operators with unique usernames and lists them', async () => {
    const { auth } = await withAdmin();
    const op = await auth.createOperator({ username: 'TrucBan1', displayName: 'Ca sáng', role: 'operator', password: 'operator-pass-1' });
    expect(op).toMatchObject({ username: 'trucban1', role: 'operator', disabled: false });
    await rpcError(auth.createOperator({ username: 'trucban1', displayName: 'Trùng', role: 'viewer', password: 'operator-pass-2' }), 'CONFLICT');
    await rpcError(auth.createOperator({ username: 'x', displayName: 'X', role: 'viewer', password: 'operator-pass-2' }), 'INVALID_ARGUMENT');
    await rpcError(auth.createOperator({ username: 'boss', displayName: 'X', role: 'root' as never, password: 'operator-pass-2' }), 'INVALID_ARGUMENT');
    expect(auth.listOperators().map((o) => o.username)).toEqual(['admin', 'trucban1']);
  });

  it('never demotes or disables the last enabled admin', async () => {
    const { auth } = await withAdmin();
    const admin = auth.listOperators()[0]!;
    await rpcError(auth.updateOperator({ id: admin.id, role: 'supervisor' }), 'CONFLICT');
    await rpcError(auth.updateOperator({ id: admin.id, disabled: true }), 'CONFLICT');
    const second = await auth.createOperator({ username: 'admin2', displayName: 'Phó', role: 'admin', password: 'admin-password-2' });
    // Two concurrent demotions: the queue lets exactly one through.
    const results = await Promise.allSettled([
      auth.updateOperator({ id: admin.id, role: 'viewer' }),
      auth.updateOperator({ id: second.id, disabled: true }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(auth.listOperators().filter((o) => o.role === 'admin' && !o.disabled)).toHaveLength(1);
  });

  it('logs out the sessions of an operator who is disabled, and announces role changes', async () => {
    const { auth, events } = await withAdmin();
    const op = await auth.createOperator({ username: 'giamsat', displayName: 'Giám sát', role: 'supervisor', password: 'supervisor-pw-1' });
    const s1 = auth.openSession();
    const s2 = auth.openSession();
    await auth.login(s1, 'giamsat', 'supervisor-pw-1');
    await auth.login(s2, 'giamsat', 'supervisor-pw-1');
    await auth.updateOperator({ id: op.id, role: 'viewer' });
    expect(auth.current(s1).operator?.role).toBe('viewer');
    expect(events.at(-1)?.state.operator?.role).toBe('viewer');
    const before = events.length;
    await auth.updateOperator({ id: op.id, disabled: true });
    expect(auth.current(s1).operator).toBeNull();
    expect(auth.current(s2).operator).toBeNull();
    expect(events.slice(before).map((e) => [e.sessionId, e.state.operator])).toEqual([
      [s1, null],
      [s2, null],
    ]);
    await rpcError(auth.updateOperator({ id: 'no-such-id', displayName: 'x' }), 'NOT_FOUND');
  });

  it('resets a password', async () => {
    const { auth } = await withAdmin();
    const op = await auth.createOperator({ username: 'lanhdao', displayName: 'Lãnh đạo', role: 'viewer', password: 'viewer-pass-01' });
    await auth.resetPassword(op.id, 'viewer-pass-02');
    await rpcError(auth.login(auth.openSession(), 'lanhdao', 'viewer-pass-01'), 'UNAUTHENTICATED');
    expect((await auth.login(auth.openSession(), 'lanhdao', 'viewer-pass-02')).operator?.role).toBe('viewer');
    await rpcError(auth.resetPassword('no-such-id', 'viewer-pass-03'), 'NOT_FOUND');
    await rpcError(auth.resetPassword(op.id, 'short'), 'INVALID_ARGUMENT');
  });

  it('keeps operators across restarts but not sessions', async () => {
    const tmp = makeTempDir('ioc-auth-');
    cleanups.push(tmp.cleanup);
    const path = join(tmp.dir, 'ioc.duckdb');
    const first = await withAdmin({ path });
    await first.auth.createOperator({ username: 'trucban', displayName: 'Trực ban', role: 'operator', password: 'operator-pass-1' });
    await first.auth.dispose();
    await first.store.dispose();
    const second = await makeAuth({ path });
    expect(second.auth.listOperators().map((o) => o.username)).toEqual(['admin', 'trucban']);
    expect(second.auth.current(first.adminSession).operator).toBeNull();
    expect(second.auth.state(second.auth.openSession()).needsSetup).toBe(false);
  });
});

describe('AuthService: a screen that follows the main station (the video wall)', () => {
  async function withWall() {
    const ctx = await withAdmin();
    const wall = ctx.auth.openSession();
    ctx.auth.follow(wall, ctx.adminSession);
    return { ...ctx, wall };
  }

  it('shows the station operator as a viewer, without a login of its own, and says it follows', async () => {
    const { auth, wall, adminSession, events } = await withWall();
    expect(auth.state(wall)).toMatchObject({ operator: { username: 'admin', role: 'viewer' }, locked: false, follows: true });
    expect(auth.state(wall).follows).toBe(true);
    expect(auth.current(wall).operator?.role).toBe('viewer');
    // The station itself keeps its full role.
    expect(auth.current(adminSession).operator?.role).toBe('admin');
    expect(events.some((e) => e.sessionId === wall && e.state.operator?.username === 'admin')).toBe(true);
    await rpcError(auth.login(wall, ADMIN.username, ADMIN.password), 'PERMISSION_DENIED');
    await rpcError(() => auth.logout(wall), 'PERMISSION_DENIED');
    await rpcError(() => auth.lock(wall), 'PERMISSION_DENIED');
  });

  it('follows the station out and back in, stays on while the station is locked, and never idle-locks', async () => {
    const { auth, wall, adminSession, advance } = await withWall();
    auth.lock(adminSession);
    expect(auth.state(adminSession).locked).toBe(true);
    expect(auth.state(wall)).toMatchObject({ operator: { username: 'admin' }, locked: false });
    advance(3 * 60 * MINUTE);
    auth.checkIdle();
    expect(auth.state(wall).locked).toBe(false);
    auth.logout(adminSession);
    expect(auth.state(wall).operator).toBeNull();
    await auth.login(adminSession, ADMIN.username, ADMIN.password);
    expect(auth.state(wall).operator?.username).toBe('admin');
  });

  it('shows nobody once the station window closes, and follows the station that replaces it', async () => {
    const { auth, wall, adminSession } = await withWall();
    auth.closeSession(adminSession);
    expect(auth.state(wall)).toMatchObject({ operator: null, follows: true });
    const next = auth.openSession();
    await auth.login(next, ADMIN.username, ADMIN.password);
    auth.follow(wall, next);
    expect(auth.state(wall).operator?.username).toBe('admin');
  });

  it('refuses to follow itself, a follower, or an unknown session', async () => {
    const { auth, wall, adminSession } = await withWall();
    await rpcError(() => auth.follow(adminSession, adminSession), 'INVALID_ARGUMENT');
    await rpcError(() => auth.follow(auth.openSession(), wall), 'INVALID_ARGUMENT');
    await rpcError(() => auth.follow(wall, 'no-such-session'), 'UNAUTHENTICATED');
  });
});
