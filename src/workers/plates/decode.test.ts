import { describe, expect, it } from 'vitest';
import { ctcDecode, plateVocabulary } from './ctc';
import { dbBoxes, defaultDbOptions } from './db-postprocess';
import { groupPlateLines } from './plate-lines';

// A toy dictionary in ppocr_keys_v1.txt's shape: hanzi mixed with the plate characters.
const keys = ['中', ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.', '国'].join('\n');

describe('CTC decoding restricted to plate characters', () => {
  const classes = keys.split('\n').length + 2;
  const vocab = plateVocabulary(keys, classes);
  const idx = (ch: string) => keys.split('\n').indexOf(ch) + 1;
  const steps = (seq: Array<[number, number]>) => {
    const out = new Float32Array(seq.length * classes);
    seq.forEach(([k, p], t) => {
      out[t * classes + k] = p;
      out[t * classes] = Math.max(0, 1 - p - 0.01); // the rest on blank
    });
    return out;
  };

  it('collapses repeats, drops blanks, keeps a repeat split by a blank', () => {
    const seq: Array<[number, number]> = [[idx('5'), 0.9], [idx('5'), 0.9], [0, 0.99], [idx('5'), 0.8], [idx('1'), 0.95], [0, 0.99]];
    expect(ctcDecode(steps(seq), 0, seq.length, classes, vocab)).toMatchObject({ text: '551' });
  });

  it('never emits a character outside the plate alphabet: the best plate character wins instead', () => {
    const out = new Float32Array(classes);
    out[idx('中')] = 0.6;
    out[idx('D')] = 0.3;
    out[0] = 0.1;
    expect(ctcDecode(out, 0, 1, classes, vocab)).toMatchObject({ text: 'D' });
  });

  it('refuses a dictionary without the plate characters', () => {
    expect(() => plateVocabulary('中\n国', 4)).toThrow(/lacks plate characters/);
  });
});

describe('DB post-processing', () => {
  it('finds a tilted text line with its angle, and drops faint blobs', () => {
    const w = 200, h = 100;
    const prob = new Float32Array(w * h);
    const angle = (8 * Math.PI) / 180;
    for (let u = -60; u <= 60; u += 0.5) {
      for (let v = -6; v <= 6; v += 0.5) {
        const x = Math.round(100 + u * Math.cos(angle) - v * Math.sin(angle));
        const y = Math.round(50 + u * Math.sin(angle) + v * Math.cos(angle));
        prob[y * w + x] = 0.95;
      }
    }
    for (let y = 5; y < 12; y++) for (let x = 5; x < 12; x++) prob[y * w + x] = 0.4; // above threshold, below box score
    const boxes = dbBoxes(prob, w, h, defaultDbOptions);
    expect(boxes).toHaveLength(1);
    const r = boxes[0]!.rect;
    expect((r.angle * 180) / Math.PI).toBeCloseTo(8, 0);
    expect(r.cx).toBeCloseTo(100.5, 0);
    expect(r.len).toBeGreaterThan(121);
    expect(r.thick).toBeGreaterThan(13);
    expect(r.thick).toBeLessThan(40); // 13 px kernel grown by the unclip distance (~9 px each side)
  });
});

describe('grouping lines into plates', () => {
  const line = (text: string, x: number, y: number, w = 100, h = 30) => ({ text, confidence: 0.9, box: { x, y, w, h } });

  it('joins stacked lines into a two-row plate, top first, and keeps one-row plates apart', () => {
    const plates = groupPlateLines([line('123.45', 10, 45), line('59-X1', 12, 10), line('51F-678.90', 300, 20, 200)]);
    expect(plates.map((p) => p.lines.map((l) => l.text).join(' ')).sort()).toEqual(['51F-678.90', '59-X1 123.45']);
    const two = plates.find((p) => p.lines.length === 2)!;
    expect(two.box).toEqual({ x: 10, y: 10, w: 102, h: 65 });
  });

  it('drops shop-sign text once a plate is found, and keeps the best unreadable line when nothing is', () => {
    expect(groupPlateLines([line('PHO BO', 0, 0), line('30A-999.99', 0, 200)]).map((p) => p.lines[0]!.text)).toEqual(['30A-999.99']);
    expect(groupPlateLines([line('PHO BO', 0, 0)])).toHaveLength(1);
    expect(groupPlateLines([])).toEqual([]);
  });
});
