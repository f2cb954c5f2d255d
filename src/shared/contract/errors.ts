import { z } from 'zod';

export const rpcErrorCodes = [
  'INVALID_ARGUMENT',
  'UNKNOWN_METHOD',
  'UNAUTHENTICATED',
  'SESSION_LOCKED',
  'PERMISSION_DENIED',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type RpcErrorCode = (typeof rpcErrorCodes)[number];

export const rpcFailureSchema = z.object({
  code: z.enum(rpcErrorCodes),
  message: z.string(),
  /** Machine-readable detail: zod issues for INVALID_ARGUMENT, retryAfterMs for RATE_LIMITED, … */
  details: z.unknown().optional(),
});
export type RpcFailure = z.infer<typeof rpcFailureSchema>;

/** Thrown by handlers and services to answer with a typed error instead of INTERNAL. */
export class RpcError extends Error {
  constructor(
    readonly code: RpcErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'RpcError';
  }

  toFailure(): RpcFailure {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: RpcFailure };

export const rpcResultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: rpcFailureSchema }),
]);
