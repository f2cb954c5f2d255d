import { z } from 'zod';
import { defineEvent, defineMethod } from '../define';
import {
  authStateSchema,
  displayNameSchema,
  operatorSchema,
  passwordSchema,
  roleSchema,
  usernameSchema,
} from '../../domain/operators';
import { auditEntrySchema, auditVerificationSchema } from '../../domain/audit';

const none = z.object({}).strict().optional();
const secret = ['password', 'currentPassword', 'newPassword'] as const;

export const authMethods = {
  'auth.state': defineMethod({ input: none, output: authStateSchema, access: 'public', audit: false, allowWhileLocked: true }),
  /** Only while no operator exists: creates the first admin and logs this session in. */
  'auth.setupAdmin': defineMethod({
    input: z.object({ username: usernameSchema, displayName: displayNameSchema, password: passwordSchema }).strict(),
    output: authStateSchema,
    access: 'public',
    audit: true,
    redact: secret,
  }),
  'auth.login': defineMethod({
    input: z.object({ username: z.string().trim().toLowerCase().min(1).max(32), password: z.string().min(1).max(256) }).strict(),
    output: authStateSchema,
    access: 'public',
    audit: true,
    redact: secret,
  }),
  'auth.logout': defineMethod({ input: none, output: authStateSchema, access: 'session', audit: true, allowWhileLocked: true }),
  'auth.lock': defineMethod({ input: none, output: authStateSchema, access: 'session', audit: true }),
  'auth.unlock': defineMethod({
    input: z.object({ password: z.string().min(1).max(256) }).strict(),
    output: authStateSchema,
    access: 'session',
    audit: true,
    redact: secret,
    allowWhileLocked: true,
  }),
  'auth.changePassword': defineMethod({
    input: z.object({ currentPassword: z.string().min(1).max(256), newPassword: passwordSchema }).strict(),
    output: z.object({ changed: z.literal(true) }),
    access: 'session',
    audit: true,
    redact: secret,
  }),

  'operators.list': defineMethod({ input: none, output: z.array(operatorSchema), access: 'operators.manage', audit: false }),
  'operators.create': defineMethod({
    input: z
      .object({ username: usernameSchema, displayName: displayNameSchema, role: roleSchema, password: passwordSchema })
      .strict(),
    output: operatorSchema,
    access: 'operators.manage',
    audit: true,
    redact: secret,
  }),
  'operators.update': defineMethod({
    input: z
      .object({ id: z.string().min(1).max(64), displayName: displayNameSchema.optional(), role: roleSchema.optional(), disabled: z.boolean().optional() })
      .strict(),
    output: operatorSchema,
    access: 'operators.manage',
    audit: true,
  }),
  'operators.resetPassword': defineMethod({
    input: z.object({ id: z.string().min(1).max(64), password: passwordSchema }).strict(),
    output: z.object({ reset: z.literal(true) }),
    access: 'operators.manage',
    audit: true,
    redact: secret,
  }),

  'audit.list': defineMethod({
    input: z
      .object({
        limit: z.number().int().min(1).max(500).default(100),
        beforeSeq: z.number().int().nonnegative().optional(),
        actor: z.string().max(64).optional(),
        action: z.string().max(100).optional(),
      })
      .strict(),
    output: z.object({ entries: z.array(auditEntrySchema) }),
    access: 'audit.read',
    audit: false,
  }),
  'audit.verify': defineMethod({ input: none, output: auditVerificationSchema, access: 'audit.read', audit: true }),
} as const;

export const authEvents = {
  /** Sent to one session when the main process changes its state (idle lock, account disabled). */
  'auth.state': defineEvent({ payload: authStateSchema, access: 'public' }),
} as const;
