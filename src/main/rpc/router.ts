import { z } from 'zod';
import {
  isMethodName,
  methods,
  RpcError,
  type MethodName,
  type MethodSpec,
  type RpcFailure,
  type RpcResult,
} from '../../shared/contract';
import { roleAllows, type Permission } from '../../shared/domain/roles';
import type { AuditSink, CallerContext, Handlers, SessionGate } from './types';
import { redactArgs } from './redact';

export interface RouterDeps {
  handlers: Handlers;
  sessions: SessionGate;
  audit: AuditSink;
  /** Where unexpected handler failures go; the caller only sees a generic INTERNAL error. */
  onInternalError?: (method: string, err: unknown) => void;
}

/**
 * The single entry for every call from every transport: look up, validate, authorise,
 * run, audit. It never throws; every outcome is an RpcResult.
 */
export class RpcRouter {
  constructor(private readonly deps: RouterDeps) {}

  async dispatch(caller: CallerContext, method: string, rawArg: unknown): Promise<RpcResult<unknown>> {
    if (!isMethodName(method)) {
      return fail('UNKNOWN_METHOD', `unknown method "${String(method).slice(0, 100)}"`);
    }
    const spec: MethodSpec = methods[method];
    const { operator, locked } = this.deps.sessions.current(caller.sessionId);
    const actor = operator?.username ?? 'anonymous';

    const parsed = spec.input.safeParse(rawArg);
    if (!parsed.success) {
      return fail('INVALID_ARGUMENT', `invalid arguments for ${method}: ${summarise(parsed.error)}`, {
        issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
      });
    }

    const denial = this.authorise(spec, operator?.role ?? null, locked, method);
    if (denial) {
      // Refusals are security events: they go on the record even though nothing ran.
      await this.record(spec, method, actor, parsed.data, `error:${denial.code}`, true);
      return { ok: false, error: denial };
    }

    let result: RpcResult<unknown>;
    try {
      const handler = this.deps.handlers[method] as (p: unknown, c: CallerContext) => unknown;
      const value = await handler(parsed.data, caller);
      result = { ok: true, value: spec.output.parse(value) };
    } catch (err) {
      result = { ok: false, error: this.toFailure(method, err) };
    }

    const after = this.deps.sessions.current(caller.sessionId).operator?.username;
    await this.record(spec, method, after && actor === 'anonymous' ? after : actor, parsed.data, result.ok ? 'ok' : `error:${result.error.code}`);
    return result;
  }

  private authorise(spec: MethodSpec, role: Parameters<typeof roleAllows>[0] | null, locked: boolean, method: MethodName): RpcFailure | null {
    if (spec.access === 'public') return null;
    if (!role) return { code: 'UNAUTHENTICATED', message: `log in to call ${method}` };
    if (locked && !spec.allowWhileLocked) return { code: 'SESSION_LOCKED', message: 'the screen is locked; unlock to continue' };
    if (spec.access === 'session') return null;
    const permission = spec.access as Permission;
    if (!roleAllows(role, permission)) {
      return { code: 'PERMISSION_DENIED', message: `role "${role}" may not ${permission}` };
    }
    return null;
  }

  private async record(spec: MethodSpec, action: string, actor: string, args: unknown, result: string, denied = false): Promise<void> {
    if (!spec.audit && !denied) return;
    try {
      await this.deps.audit.append({ actor, action, args: redactArgs(args, spec.redact), result });
    } catch (err) {
      // The action already ran; hiding its result would only make the operator retry it.
      this.deps.onInternalError?.(`audit:${action}`, err);
    }
  }

  private toFailure(method: string, err: unknown): RpcFailure {
    if (err instanceof RpcError) return err.toFailure();
    if (err instanceof z.ZodError) {
      // A handler produced something the contract does not allow: our bug, not the caller's.
      this.deps.onInternalError?.(method, err);
      return { code: 'INTERNAL', message: `${method} produced an invalid result` };
    }
    this.deps.onInternalError?.(method, err);
    return { code: 'INTERNAL', message: `${method} failed unexpectedly` };
  }
}

function fail(code: RpcFailure['code'], message: string, details?: unknown): RpcResult<never> {
  return { ok: false, error: details === undefined ? { code, message } : { code, message, details } };
}

function summarise(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}
