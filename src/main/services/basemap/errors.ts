import { RpcError } from '../../../shared/contract/errors';

/** Why a file was refused, for callers that react to the reason rather than the wording. */
export type BasemapRefusal =
  | 'bad-path'
  | 'not-found'
  | 'unreadable'
  | 'not-a-file'
  | 'empty'
  | 'too-large'
  | 'unknown-format'
  | 'truncated'
  | 'unsupported-version'
  | 'not-vector'
  | 'unsupported-compression'
  | 'bad-schema'
  | 'corrupt';

/** A file that cannot serve as a basemap: the caller gets the reason, the current basemap stays. */
export function refuse(reason: BasemapRefusal, message: string, details: Record<string, unknown> = {}): RpcError {
  return new RpcError('INVALID_ARGUMENT', message, { reason, ...details });
}

export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
