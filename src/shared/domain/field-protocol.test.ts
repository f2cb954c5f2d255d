import { describe, expect, it } from 'vitest';
import { decodeCommand, decodeReply, decodeTelemetry, encodeMessage, FieldDecodeError, topicFor, type TelemetryMessage } from './field-protocol';

const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
const heartbeat: TelemetryMessage = { v: 1, src: 'int-01', boot: 'b1', seq: 7, ts: 1_000, type: 'hb', data: { intervalMs: 1000, linkUp: true, outbox: 0 } };

function decodeError(fn: () => unknown): FieldDecodeError {
  try {
    fn();
  } catch (err) {
    if (err instanceof FieldDecodeError) return err;
    throw err;
  }
  throw new Error('expected a FieldDecodeError');
}

describe('field protocol v1', () => {
  it('round-trips telemetry and keeps the exact text for storage', () => {
    const bytes = encodeMessage(heartbeat);
    const { message, text } = decodeTelemetry(topicFor(heartbeat), bytes);
    expect(message).toEqual(heartbeat);
    expect(text).toBe(JSON.stringify(heartbeat));
    expect(topicFor(heartbeat)).toBe('hb.int-01');
  });

  it('tells oversized, malformed, unknown-version, invalid and misrouted messages apart', () => {
    expect(decodeError(() => decodeTelemetry('hb.int-01', new Uint8Array(70_000))).kind).toBe('oversized');
    expect(decodeError(() => decodeTelemetry('hb.int-01', enc('{not json'))).kind).toBe('malformed');
    expect(decodeError(() => decodeTelemetry('hb.int-01', new Uint8Array([0xff, 0xfe, 0x7b]))).kind).toBe('malformed');
    expect(decodeError(() => decodeTelemetry('hb.int-01', enc([1, 2]))).kind).toBe('malformed');
    expect(decodeError(() => decodeTelemetry('hb.int-01', enc({ ...heartbeat, v: 2 }))).kind).toBe('unknownVersion');
    expect(decodeError(() => decodeTelemetry('hb.int-01', enc({ ...heartbeat, v: undefined }))).kind).toBe('unknownVersion');
    expect(decodeError(() => decodeTelemetry('hb.int-01', enc({ ...heartbeat, seq: -1 }))).kind).toBe('invalid');
    expect(decodeError(() => decodeTelemetry('hb.int-01', enc({ ...heartbeat, type: 'nuke' }))).kind).toBe('invalid');
    expect(decodeError(() => decodeTelemetry('signal.int-01', encodeMessage(heartbeat))).kind).toBe('topicMismatch');
    expect(decodeError(() => decodeTelemetry('hb.int-02', encodeMessage(heartbeat))).kind).toBe('topicMismatch');
  });

  it('honours a smaller limit given by the receiver', () => {
    expect(decodeError(() => decodeTelemetry('hb.int-01', encodeMessage(heartbeat), 10)).kind).toBe('oversized');
  });

  it('keeps the command id of a bad command so the sender can be told', () => {
    const err = decodeError(() => decodeCommand(enc({ v: 1, type: 'command', id: 'abcdefgh-1', attempt: 1, target: 'int-01', deadline: 5, issuedBy: 'x', op: { type: 'signal.fly' } })));
    expect(err).toMatchObject({ kind: 'invalid', id: 'abcdefgh-1' });
    expect(decodeError(() => decodeCommand(enc({ v: 9, id: 'abcdefgh-2' })))).toMatchObject({ kind: 'unknownVersion', id: 'abcdefgh-2' });
  });

  it('refuses manual mode without an automatic revert', () => {
    const base = { v: 1, type: 'command', id: 'abcdefgh-3', attempt: 1, target: 'int-01', deadline: 5, issuedBy: 'x' };
    expect(decodeError(() => decodeCommand(enc({ ...base, op: { type: 'signal.setMode', mode: 'manual' } }))).message).toMatch(/revertAfterMin/);
    expect(decodeCommand(enc({ ...base, op: { type: 'signal.setMode', mode: 'manual', revertAfterMin: 5 } })).op).toMatchObject({ mode: 'manual' });
  });

  it('decodes replies, including the null id of an unreadable command', () => {
    expect(decodeReply(enc({ v: 1, type: 'reply', id: null, status: 'failed', code: 'MALFORMED', ts: 1 }))).toMatchObject({ id: null, code: 'MALFORMED' });
    expect(decodeError(() => decodeReply(enc({ v: 1, type: 'reply', id: 'x', status: 'maybe', ts: 1 }))).kind).toBe('invalid');
  });
});
