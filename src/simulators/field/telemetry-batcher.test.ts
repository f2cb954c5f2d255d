import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeTelemetryBatch, type TelemetryMessage } from '../../shared/domain/field-protocol';
import { TelemetryBatcher } from './telemetry-batcher';

const record = (seq: number, pad = ''): string =>
  JSON.stringify({ v: 1, src: 'int-01', boot: 'b', seq, ts: 1, type: 'event', data: { name: 'x', at: 1, offline: false, detail: { pad } } } satisfies TelemetryMessage);

function capture() {
  const sent: string[][] = [];
  let accept = true;
  return {
    sent,
    refuse() {
      accept = false;
    },
    send: (frames: string[], records: number) => {
      expect(frames[1]).toBe(`{"v":2,"type":"batch","n":${records}}`);
      if (accept) sent.push(frames);
      return accept;
    },
    seqs: () =>
      sent.map((frames) => {
        const seqs: number[] = [];
        decodeTelemetryBatch(Buffer.from(frames[1]!), Buffer.from(frames[2]!), (m) => seqs.push(m.seq), (e) => {
          throw e;
        });
        return seqs;
      }),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('TelemetryBatcher', () => {
  it('sends a full batch at once, in order, as frames the station decodes', () => {
    const sink = capture();
    const batcher = new TelemetryBatcher(sink.send, { maxRecords: 3, maxDelayMs: 1_000, maxBytes: 100_000 });
    for (let i = 0; i < 7; i++) batcher.add(record(i));
    expect(sink.seqs()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(batcher.pending).toBe(1);
    batcher.close();
    expect(sink.seqs()).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(batcher.stats).toMatchObject({ batches: 3, records: 7, refusedRecords: 0 });
  });

  it('sends a partial batch once its oldest record has waited maxDelayMs, and reports the wait', () => {
    vi.useFakeTimers();
    let now = 0;
    const sink = capture();
    const batcher = new TelemetryBatcher(sink.send, { maxRecords: 100, maxDelayMs: 5, maxBytes: 100_000 }, () => now);
    batcher.add(record(0));
    now = 3;
    vi.advanceTimersByTime(3);
    batcher.add(record(1));
    expect(sink.sent).toHaveLength(0);
    now = 5;
    vi.advanceTimersByTime(2);
    expect(sink.seqs()).toEqual([[0, 1]]);
    // Waits of 5 ms and 2 ms: the percentiles are bin upper bounds (0.1 ms bins).
    expect(batcher.stats.maxMs).toBe(5);
    expect(batcher.stats.percentile(0.5)).toBeCloseTo(2.1, 5);
    expect(batcher.stats.percentile(0.99)).toBeCloseTo(5.1, 5);
    // Nothing waiting, no timer: no empty batch goes out.
    vi.advanceTimersByTime(50);
    expect(sink.sent).toHaveLength(1);
  });

  it('starts a new batch before one would pass maxBytes', () => {
    const sink = capture();
    const batcher = new TelemetryBatcher(sink.send, { maxRecords: 100, maxDelayMs: 1_000, maxBytes: 1_000 });
    for (let i = 0; i < 5; i++) batcher.add(record(i, 'x'.repeat(300)));
    batcher.flush();
    expect(sink.seqs()).toEqual([[0, 1], [2, 3], [4]]);
    for (const frames of sink.sent) expect(Buffer.byteLength(frames[2]!)).toBeLessThanOrEqual(1_000);
  });

  it('counts every record of a batch the send queue refused', () => {
    const sink = capture();
    const batcher = new TelemetryBatcher(sink.send, { maxRecords: 4, maxDelayMs: 1_000, maxBytes: 100_000 });
    for (let i = 0; i < 4; i++) batcher.add(record(i));
    sink.refuse();
    for (let i = 4; i < 10; i++) batcher.add(record(i));
    batcher.close();
    expect(batcher.stats).toMatchObject({ batches: 1, records: 4, refusedRecords: 6 });
  });

  it('refuses settings the station would refuse', () => {
    expect(() => new TelemetryBatcher(() => true, { maxRecords: 1001, maxDelayMs: 5, maxBytes: 1000 })).toThrow(RangeError);
    expect(() => new TelemetryBatcher(() => true, { maxRecords: 10, maxDelayMs: 5, maxBytes: 600 * 1024 })).toThrow(RangeError);
  });
});
