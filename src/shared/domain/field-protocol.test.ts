import { describe, expect, it } from 'vitest';
import {
  batchHeader,
  decodeCommand,
  decodeReply,
  decodeTelemetry,
  decodeTelemetryBatch,
  encodeMessage,
  FIELD_MAX_BATCH_RECORDS,
  FieldDecodeError,
  topicFor,
  type TelemetryMessage,
} from './field-protocol';

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

describe('field protocol v2: telemetry batches', () => {
  const hb = (seq: number, src = 'int-01'): TelemetryMessage => ({ ...heartbeat, src, seq });
  const body = (records: (TelemetryMessage | string)[]) => records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n');
  function decode(header: string, records: string, limits = {}) {
    const accepted: { message: TelemetryMessage; text: string }[] = [];
    const refused: FieldDecodeError[] = [];
    // (ZeroMQ delivers Buffers: field-bus.test.ts covers that path over real sockets.)
    const count = decodeTelemetryBatch(enc(header), enc(records), (message, text) => accepted.push({ message, text }), (e) => refused.push(e), limits);
    return { count, accepted, refused };
  }

  it('hands over every record with its own source, sequence and exact text', () => {
    const records = [hb(1), hb(2, 'flood-01'), { ...hb(3), type: 'event', data: { name: 'x', at: 1, offline: false, detail: { note: 'Đông Hà' } } } as TelemetryMessage];
    const { count, accepted, refused } = decode(batchHeader(3), body(records));
    expect(count).toBe(3);
    expect(refused).toEqual([]);
    expect(accepted.map((a) => [a.message.src, a.message.seq])).toEqual([['int-01', 1], ['flood-01', 2], ['int-01', 3]]);
    expect(accepted.map((a) => a.text)).toEqual(records.map((r) => JSON.stringify(r)));
  });

  it('refuses a bad record alone, with its own reason, and keeps the others', () => {
    const bad = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]);
    const head = enc(`${JSON.stringify(hb(1))}\nnot json\n`);
    const tail = enc(`\n${JSON.stringify({ ...hb(2), v: 9 })}\n${JSON.stringify({ ...hb(3), seq: -1 })}\n\n${JSON.stringify(hb(4))}`);
    const records = new Uint8Array(head.length + bad.length + tail.length);
    records.set(head, 0);
    records.set(bad, head.length);
    records.set(tail, head.length + bad.length);
    const accepted: number[] = [];
    const refused: string[] = [];
    const n = decodeTelemetryBatch(enc(batchHeader(7)), records, (m) => accepted.push(m.seq), (e) => refused.push(e.kind));
    expect(n).toBe(7);
    expect(accepted).toEqual([1, 4]);
    expect(refused).toEqual(['malformed', 'malformed', 'unknownVersion', 'invalid', 'malformed']);
    // A record over the single-message limit is refused as oversized, inside an acceptable batch.
    const big = decode(batchHeader(2), body([hb(1), JSON.stringify({ ...hb(2), pad: 'x'.repeat(2_000) })]), { maxMessageBytes: 1_000 });
    expect(big.refused.map((e) => e.kind)).toEqual(['oversized']);
    expect(big.accepted).toHaveLength(1);
  });

  it('refuses a whole batch that is too big, too long, not what its header says, or of an unknown version', () => {
    const three = body([hb(1), hb(2), hb(3)]);
    const whole = (header: string, records: string, limits = {}) => {
      const accepted: unknown[] = [];
      const err = decodeError(() => decodeTelemetryBatch(enc(header), enc(records), (m) => accepted.push(m), (e) => accepted.push(e), limits));
      expect(accepted).toEqual([]);
      return err.kind;
    };
    expect(whole(batchHeader(3), three, { maxBatchBytes: 200 })).toBe('oversized');
    expect(whole(batchHeader(FIELD_MAX_BATCH_RECORDS + 1), three)).toBe('oversized');
    expect(whole(batchHeader(3), three, { maxRecords: 2 })).toBe('oversized');
    expect(whole(batchHeader(2), three, { maxRecords: 2 })).toBe('oversized');
    expect(whole(batchHeader(2), three)).toBe('malformed');
    expect(whole(batchHeader(4), three)).toBe('malformed');
    expect(whole(batchHeader(0), '')).toBe('malformed');
    expect(whole('{"v":2,"type":"batch","n":1.5}', three)).toBe('malformed');
    expect(whole('{"v":2,"type":"other","n":3}', three)).toBe('malformed');
    expect(whole('[2,"batch",3]', three)).toBe('malformed');
    expect(whole('{"v":2,', three)).toBe('malformed');
    expect(whole(`{"v":2,"type":"batch","n":3,"pad":"${'x'.repeat(300)}"}`, three)).toBe('malformed');
    expect(whole('{"v":3,"type":"batch","n":3}', three)).toBe('unknownVersion');
    expect(whole('{"v":1,"type":"batch","n":3}', three)).toBe('unknownVersion');
  });
});
