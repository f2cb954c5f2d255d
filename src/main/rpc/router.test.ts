import { describe, expect, it } from 'vitest';
import { methodNames, RpcError } from '../../shared/contract';
import { RpcRouter } from './router';
import { FakeSessions, RecordingAudit } from './test-factories';
import type { Handlers } from './types';

function makeRouter(overrides: Partial<Handlers> = {}) {
  const calls: string[] = [];
  const handlers = Object.fromEntries(
    methodNames.map((name) => [
      name,
      () => {
        calls.push(name);
        throw new RpcError('UNAVAILABLE', `${name} not wired in this test`);
      },
    ]),
  ) as unknown as Handlers;
  Object.assign(handlers, overrides);
  const sessions = new FakeSessions();
  const audit = new RecordingAudit();
  const internal: string[] = [];
  const router = new RpcRouter({ handlers, sessions, audit, onInternalError: (m) => internal.push(m) });
  return { router, sessions, audit, calls, internal };
}

const caller = (sessionId = 's1') => ({ sessionId, transport: 'ws' as const });

describe('RpcRouter', () => {
  it('answers an unknown method with a typed error', async () => {
    const { router } = makeRouter();
    const r = await router.dispatch(caller(), 'fs.readFile', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('rejects malformed arguments before any handler runs, naming the field', async () => {
    const { router, sessions, calls } = makeRouter();
    sessions.as('s1', 'admin');
    const r = await router.dispatch(caller(), 'operators.create', { username: 'x', role: 'god' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INVALID_ARGUMENT');
    expect(r.error.message).toMatch(/username|role|displayName|password/);
    expect(calls).toEqual([]);
  });

  it.each([
    [null, false, 'UNAUTHENTICATED'],
    ['operator', true, 'SESSION_LOCKED'],
    ['viewer', false, 'PERMISSION_DENIED'],
    ['supervisor', false, 'PERMISSION_DENIED'],
  ] as const)('refuses operators.list for role %s (locked %s) with %s and records the refusal', async (role, locked, code) => {
    const { router, sessions, audit, calls } = makeRouter();
    sessions.as('s1', role, locked);
    const r = await router.dispatch(caller(), 'operators.list', {});
    expect(r).toMatchObject({ ok: false, error: { code } });
    expect(calls).toEqual([]);
    expect(audit.records).toEqual([{ actor: role ?? 'anonymous', action: 'operators.list', args: {}, result: `error:${code}` }]);
  });

  it('lets the right role through and validates the handler result', async () => {
    const { router, sessions } = makeRouter({ 'operators.list': () => [] });
    sessions.as('s1', 'admin');
    expect(await router.dispatch(caller(), 'operators.list', {})).toEqual({ ok: true, value: [] });
  });

  it('turns an invalid handler result into INTERNAL without leaking it', async () => {
    const { router, sessions, internal } = makeRouter({ 'operators.list': () => [{ nope: true }] as never });
    sessions.as('s1', 'admin');
    const r = await router.dispatch(caller(), 'operators.list', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(internal).toEqual(['operators.list']);
  });

  it('hides the details of a crash behind INTERNAL', async () => {
    const { router, sessions } = makeRouter({
      'audit.verify': () => {
        throw new Error('disk on fire at /var/secret');
      },
    });
    sessions.as('s1', 'supervisor');
    const crash = await router.dispatch(caller(), 'audit.verify', {});
    expect(crash).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!crash.ok) expect(crash.error.message).not.toContain('/var/secret');
    const typed = await router.dispatch(caller(), 'operators.list', {});
    expect(typed).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
  });

  it('audits mutations with secrets redacted, and names the operator who just logged in', async () => {
    const { router, sessions, audit } = makeRouter({
      'auth.login': () => {
        sessions.as('s1', 'operator');
        return { needsSetup: false, operator: sessions.current('s1').operator, locked: false, idleLockMinutes: 10 };
      },
    });
    const r = await router.dispatch(caller(), 'auth.login', { username: 'Operator', password: 'hunter2-hunter2' });
    expect(r.ok).toBe(true);
    expect(audit.records).toEqual([{ actor: 'operator', action: 'auth.login', args: { username: 'operator', password: '***' }, result: 'ok' }]);
    expect(JSON.stringify(audit.records)).not.toContain('hunter2');
  });

  it('does not audit reads, and keeps answering when the audit sink fails', async () => {
    const { router, sessions, audit, internal } = makeRouter({ 'operators.list': () => [], 'operators.update': () => { throw new RpcError('NOT_FOUND', 'no such operator'); } });
    sessions.as('s1', 'admin');
    await router.dispatch(caller(), 'operators.list', {});
    expect(audit.records).toEqual([]);
    audit.append = async () => {
      throw new Error('database gone');
    };
    const r = await router.dispatch(caller(), 'operators.update', { id: 'op-1', disabled: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(internal).toEqual(['audit:operators.update']);
  });

  it('survives hostile argument shapes', async () => {
    const { router, sessions } = makeRouter();
    sessions.as('s1', 'admin');
    const hostile: unknown[] = [null, 42, 'str', [], { __proto__: { polluted: true } }, { username: 'a'.repeat(1e6) }, Object.create(null)];
    for (const arg of hostile) {
      const r = await router.dispatch(caller(), 'operators.create', arg);
      expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
  });
});
