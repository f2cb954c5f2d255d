import { z } from 'zod';

export const auditEntrySchema = z.object({
  seq: z.number().int().nonnegative(),
  at: z.string(),
  /** Username, or "anonymous" for calls before login, or "system" for the console itself. */
  actor: z.string(),
  action: z.string(),
  /** Arguments as JSON, secrets already replaced by "***". */
  args: z.unknown(),
  /** "ok", or "error:<CODE>". */
  result: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditVerificationSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int().nonnegative(),
  /** Sequence number of the first entry whose chain link does not hold. */
  firstBadSeq: z.number().int().nonnegative().optional(),
  reason: z.string().optional(),
});
export type AuditVerification = z.infer<typeof auditVerificationSchema>;
