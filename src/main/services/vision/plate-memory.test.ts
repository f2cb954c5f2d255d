import { describe, expect, it } from 'vitest';
import { PlateMemory } from './plate-memory';
import { Tracker } from './tracker';

const read = (text: string, confidence: number, valid = true) => ({
  text,
  raw: text,
  confidence,
  valid,
  layout: 'one-row' as const,
  box: [0.42, 0.55, 0.06, 0.03] as [number, number, number, number],
  pixelBox: { x: 269, y: 198, w: 38, h: 11 },
});

describe('PlateMemory', () => {
  it('emits one read per vehicle: the best, once it is stable or when the vehicle leaves', () => {
    const tracker = new Tracker();
    const memory = new PlateMemory('cam-1', 3);
    const car = { cls: 'car' as const, score: 0.9, box: [0.35, 0.4, 0.2, 0.2] as [number, number, number, number] };
    const seen = (ts: number) => tracker.update([car], ts).seen;
    expect(memory.add([read('51F-123.46', 0.7, false)], seen(0), 0)).toEqual([]);
    expect(memory.add([read('51F-123.45', 0.8)], seen(500), 500)).toEqual([]);
    expect(memory.add([read('51F-123.45', 0.9)], seen(1000), 1000)).toEqual([]);
    const stable = memory.add([read('51F-123.45', 0.85)], seen(1500), 1500);
    expect(stable).toEqual([expect.objectContaining({ trackId: 1, text: '51F-123.45', confidence: 0.9 })]);
    // Later reads of the same vehicle, and its end, emit nothing more.
    expect(memory.add([read('51F-123.45', 0.99)], seen(2000), 2000)).toEqual([]);
    expect(memory.end(tracker.flush())).toEqual([]);
  });

  it('emits the best read of a vehicle that leaves before its read is stable; ignores plates on no vehicle', () => {
    const tracker = new Tracker();
    const memory = new PlateMemory('cam-1', 3);
    const bike = { cls: 'motorcycle' as const, score: 0.9, box: [0.4, 0.5, 0.1, 0.2] as [number, number, number, number] };
    const seen = tracker.update([bike], 0).seen;
    memory.add([{ ...read('59-X1 123.45', 0.6), layout: 'two-row' as const }, { ...read('30A-999.99', 0.9), box: [0.9, 0.9, 0.05, 0.02] as [number, number, number, number] }], seen, 0);
    expect(memory.end(tracker.flush())).toEqual([expect.objectContaining({ trackId: 1, text: '59-X1 123.45', layout: 'two-row' })]);
  });

  it('groups plates seen on no vehicle by their text: once when stable, again only after they were gone a while', () => {
    const memory = new PlateMemory('cam-1', 3, 10_000);
    const alone = (ts: number, text = '51F-888.88', valid = true) => memory.add([{ ...read(text, 0.8 + ts / 1e6, valid), box: [0.9, 0.9, 0.05, 0.02] }], [], ts);
    expect(alone(0)).toEqual([]);
    expect(alone(500, 'garbled', false)).toEqual([]);
    expect(alone(1000)).toEqual([]);
    const first = alone(2000);
    expect(first).toEqual([expect.objectContaining({ text: '51F-888.88', confidence: 0.802 })]);
    expect(first[0]!.trackId).toBeLessThan(0);
    expect(alone(3000)).toEqual([]);
    // The same plate passes again after 10 s out of sight: a new sighting.
    for (const ts of [20_000, 20_500]) expect(alone(ts)).toEqual([]);
    expect(alone(21_000)).toEqual([expect.objectContaining({ text: '51F-888.88' })]);
  });
});
