/** Why talking to a camera failed, in terms an operator (and a retry policy) can act on. */
export type OnvifErrorKind = 'unreachable' | 'timeout' | 'auth' | 'locked' | 'malformed' | 'fault' | 'unsupported' | 'invalid-argument';

export class OnvifError extends Error {
  constructor(
    readonly kind: OnvifErrorKind,
    message: string,
    readonly operation: string,
  ) {
    super(`${operation}: ${message}`);
    this.name = 'OnvifError';
  }
}

/** Maps whatever the ONVIF library or the socket threw onto our kinds. */
export function classifyOnvifFailure(err: unknown, operation: string): OnvifError {
  if (err instanceof OnvifError) return err;
  const e = err as { code?: string; message?: string } | undefined;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  const code = e?.code ?? '';
  if (['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EPIPE'].includes(code)) {
    return new OnvifError('unreachable', `camera unreachable (${code})`, operation);
  }
  if (/timeout/i.test(message)) return new OnvifError('timeout', 'camera did not answer in time', operation);
  if (/locked/i.test(message)) return new OnvifError('locked', 'the camera locked the account after failed logins; wait before retrying', operation);
  if (/NotAuthori[sz]ed|not authori[sz]ed|authentication (failed|required)|Digest authentication|credentials|\b401\b/i.test(message)) {
    return new OnvifError('auth', 'wrong user name or password', operation);
  }
  if (/ActionNotSupported|not supported|Optional Action Not Implemented/i.test(message)) return new OnvifError('unsupported', 'the camera does not support this', operation);
  if (/SOAP Fault/i.test(message)) return new OnvifError('fault', message.replace(/^.*?SOAP Fault:\s*/, 'camera refused: ').slice(0, 300), operation);
  return new OnvifError('malformed', `unexpected answer from the camera (${message.slice(0, 200)})`, operation);
}
