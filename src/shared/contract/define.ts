import type { z } from 'zod';
import type { Permission } from '../domain/roles';

/**
 * Who may call a method:
 * - `public`: before login (status, login, first-run setup); still rate limited and audited.
 * - `session`: any logged-in operator whose screen is not locked.
 * - a Permission: a logged-in, unlocked operator whose role holds it.
 */
export type Access = 'public' | 'session' | Permission;

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly access: Access;
  /** Mutations are written to the audit log with their (redacted) arguments and result. */
  readonly audit: boolean;
  /** Input fields replaced by "***" before they reach the audit log. */
  readonly redact?: readonly string[];
  /** Callable while the operator's screen is locked (unlock, logout, status). */
  readonly allowWhileLocked?: boolean;
}

export interface EventSpec<P extends z.ZodType = z.ZodType> {
  readonly payload: P;
  /** Who receives the event; `public` events reach even a login screen. */
  readonly access: Access;
}

export const defineMethod = <I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>) => spec;
export const defineEvent = <P extends z.ZodType>(spec: EventSpec<P>) => spec;
