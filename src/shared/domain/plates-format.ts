import { plateLocalities } from './plates-provinces';

/**
 * Normalisation of Vietnamese plates to the formats of Thông tư 24/2023/TT-BCA, pure and
 * position-aware: an OCR engine confuses 0/O/D, 1/I, 8/B, 5/S, 2/Z, 6/G, 4/A, and only the slot a
 * character sits in (locality digits, series letter, serial digits) says which reading is right.
 *
 * Accepted formats (canonical text on the right):
 *   one-row, civil            NN L  + 5 digits   51F-123.45       NN L + 4 digits (older)  29A-1234
 *   one-row, special series   NN SS + 5/4 digits 29LD-123.45, 80NG-123.45   (SS from `specialSeries`)
 *   two-row, motorbike        NN-Ld + 5/4 digits 59-X1 123.45, 29-B1 1234
 *   two-row, moped/newer      NN-LL + 5/4 digits 29-AA 123.45
 *   two-row, electric         NN-MĐd + 5 digits  29-MĐ1 123.45
 * N = locality code (validated against plateLocalities), L = series letter (A–Z without I, J, O,
 * Q, W: the letters Vietnam does not issue), d = a digit.
 */

/** Two-letter series printed on one-row plates (diplomatic, international, army-economic, …). */
export const specialSeries = ['LD', 'KT', 'NG', 'NN', 'QT', 'CV', 'TĐ', 'HC', 'DA', 'MĐ'] as const;

const seriesLetters = new Set('ABCDEFGHKLMNPRSTUVXYZ'.split(''));

/** Reading a digit where the slot wants a letter, and the other way round. */
// 1 → L: under noise an L's short foot vanishes and it reads as 1 (I is never issued).
const toLetter: Readonly<Record<string, string>> = { '0': 'D', O: 'D', Q: 'D', '8': 'B', '5': 'S', '2': 'Z', '6': 'G', '4': 'A', '1': 'L' };
const toDigit: Readonly<Record<string, string>> = { O: '0', D: '0', Q: '0', U: '0', I: '1', L: '1', J: '1', T: '1', Z: '2', B: '8', S: '5', G: '6', A: '4' };

/** The fold used for confusable-tolerant matching: each confusable group maps to one symbol. */
const fold: Readonly<Record<string, string>> = { O: '0', D: '0', Q: '0', Đ: '0', I: '1', L: '1', B: '8', S: '5', Z: '2', G: '6', A: '4' };

export type PlateKind = 'civil' | 'special' | 'motorbike' | 'moped' | 'electric';

export interface NormalisedPlate {
  /** Canonical text, e.g. "51F-123.45", "59-X1 123.45". */
  text: string;
  /** Letters and digits only (Đ kept), e.g. "51F12345". */
  compact: string;
  layout: 'one-row' | 'two-row';
  kind: PlateKind;
  locality: string;
  series: string;
  serial: string;
  /** How many characters were changed by slot (confusable corrections). */
  corrections: number;
  /** Format matched, locality code known, serial not all zeros. */
  valid: boolean;
  province?: string;
}

/** Upper-case letters and digits only; đ/Đ kept as Đ; everything else (dots, dashes, spaces) dropped. */
export function compactPlate(raw: string): string {
  let out = '';
  for (const ch of raw.toUpperCase()) {
    if (ch === 'Đ') out += 'Đ';
    else {
      // Diacritics dropped (a stray Vietnamese accent from a keyboard is no plate character).
      const base = ch.normalize('NFD')[0] ?? '';
      if (/^[A-Z0-9]$/.test(base)) out += base;
    }
  }
  return out;
}

/** The confusable-folded form of a plate or query: equal folds mean "could be the same plate". */
export function foldPlate(raw: string): string {
  let out = '';
  for (const ch of compactPlate(raw)) out += fold[ch] ?? ch;
  return out;
}

type Slot = 'D' | 'L' | { fixed: string };
interface Template {
  layout: 'one-row' | 'two-row';
  kind: PlateKind;
  locality: Slot[];
  series: Slot[];
  serialLength: 4 | 5;
}

const D: Slot = 'D';
const L: Slot = 'L';

function templates(): Template[] {
  const list: Template[] = [];
  for (const serialLength of [5, 4] as const) {
    list.push({ layout: 'one-row', kind: 'civil', locality: [D, D], series: [L], serialLength });
    for (const s of specialSeries) {
      list.push({ layout: 'one-row', kind: 'special', locality: [D, D], series: [...s].map((c) => ({ fixed: c })), serialLength });
    }
    list.push({ layout: 'two-row', kind: 'motorbike', locality: [D, D], series: [L, D], serialLength });
    list.push({ layout: 'two-row', kind: 'moped', locality: [D, D], series: [L, L], serialLength });
  }
  list.push({ layout: 'two-row', kind: 'electric', locality: [D, D], series: [{ fixed: 'M' }, { fixed: 'Đ' }, D], serialLength: 5 });
  return list;
}
const allTemplates = templates();

/** One character into one slot: the character it becomes and whether that was a correction; null if impossible. */
function fit(ch: string, slot: Slot): { ch: string; fixed: boolean } | null {
  if (typeof slot === 'object') {
    if (ch === slot.fixed) return { ch, fixed: false };
    // The recogniser's alphabet has no Đ: a D (or a confusable of it) there is the Đ.
    if (slot.fixed === 'Đ' && (ch === 'D' || ch === '0' || ch === 'O')) return { ch: 'Đ', fixed: ch !== 'D' };
    const asLetter = toLetter[ch];
    return asLetter === slot.fixed ? { ch: asLetter, fixed: true } : null;
  }
  const isDigit = ch >= '0' && ch <= '9';
  if (slot === 'D') {
    if (isDigit) return { ch, fixed: false };
    const d = toDigit[ch];
    return d ? { ch: d, fixed: true } : null;
  }
  if (seriesLetters.has(ch)) return { ch, fixed: false };
  const l = toLetter[ch];
  return l && seriesLetters.has(l) ? { ch: l, fixed: true } : null;
}

function fitAll(chars: readonly string[], slots: readonly Slot[]): { text: string; fixes: number } | null {
  let text = '';
  let fixes = 0;
  for (let i = 0; i < slots.length; i++) {
    const r = fit(chars[i]!, slots[i]!);
    if (!r) return null;
    text += r.ch;
    if (r.fixed) fixes++;
  }
  return { text, fixes };
}

/** The layout the raw text's own spacing suggests: "59-X1 123.45" or "59X1\n12345" has two parts. */
export function layoutHintFromRaw(raw: string): 'one-row' | 'two-row' | undefined {
  const parts = raw.trim().split(/[\s|/]+/).filter((p) => compactPlate(p).length > 0);
  if (parts.length !== 2) return undefined;
  const [a, b] = parts.map((p) => compactPlate(p).length) as [number, number];
  return a >= 4 && a <= 5 && b >= 4 && b <= 5 ? 'two-row' : undefined;
}

function formatSerial(serial: string): string {
  return serial.length === 5 ? `${serial.slice(0, 3)}.${serial.slice(3)}` : serial;
}

/**
 * Reads `raw` as a Vietnamese plate. `hint` (the reader's line count) breaks the ties between
 * layouts of the same length (29B11234 is 29B-112.34 on one row or 29-B1 1234 on two). Returns
 * null when no format fits, e.g. garbage, too short or too long.
 */
export function normalisePlate(raw: string, hint?: 'one-row' | 'two-row'): NormalisedPlate | null {
  const compact = compactPlate(raw);
  if (compact.length < 7 || compact.length > 10) return null;
  const chars = [...compact];
  const layoutHint = hint ?? layoutHintFromRaw(raw);
  let best: { t: Template; locality: string; series: string; serial: string; fixes: number; score: number } | null = null;
  for (const t of allTemplates) {
    const n = t.locality.length + t.series.length + t.serialLength;
    if (n !== chars.length) continue;
    const loc = fitAll(chars.slice(0, 2), t.locality);
    const ser = loc && fitAll(chars.slice(2, 2 + t.series.length), t.series);
    const num = ser && fitAll(chars.slice(2 + t.series.length), Array<Slot>(t.serialLength).fill(D));
    if (!loc || !ser || !num) continue;
    const fixes = loc.fixes + ser.fixes + num.fixes;
    // Corrections cost most; a layout that contradicts the hint costs one correction's worth
    // plus a little, so a clean read in the "wrong" layout still loses to a hinted one.
    let score = fixes * 10;
    if (layoutHint && t.layout !== layoutHint) score += 15;
    if (!plateLocalities.has(loc.text)) score += 5;
    if (!best || score < best.score) best = { t, locality: loc.text, series: ser.text, serial: num.text, fixes, score };
  }
  if (!best) return null;
  const { t, locality, series, serial } = best;
  const text = t.layout === 'one-row' ? `${locality}${series}-${formatSerial(serial)}` : `${locality}-${series} ${formatSerial(serial)}`;
  const province = plateLocalities.get(locality)?.name;
  const valid = province !== undefined && !/^0+$/.test(serial);
  return {
    text,
    compact: `${locality}${series}${serial}`,
    layout: t.layout,
    kind: t.kind,
    locality,
    series,
    serial,
    corrections: best.fixes,
    valid,
    ...(province !== undefined ? { province } : {}),
  };
}

export type PlateMatch = 'exact' | 'confusable' | null;

/** Exact when the letters and digits agree; confusable when they agree only after folding 0/O/D, 1/I, 8/B, …. */
export function matchPlates(a: string, b: string): PlateMatch {
  const ca = canonicalKey(a);
  const cb = canonicalKey(b);
  if (ca.length === 0 || cb.length === 0) return null;
  if (ca === cb) return 'exact';
  return foldPlate(ca) === foldPlate(cb) ? 'confusable' : null;
}

/** Normalised compact form when the text is a plate, else its bare compact form (Đ read as D). */
export function canonicalKey(raw: string): string {
  const n = normalisePlate(raw);
  return (n ? n.compact : compactPlate(raw)).replace(/Đ/g, 'D');
}

/**
 * A search query over plates (full or partial, `*` any run, `?` one character) as a SQL LIKE
 * pattern on the folded column. Without wildcards the query matches anywhere (substring);
 * `prefix: true` anchors it at the start. Returns null for an empty query.
 */
export function plateQueryToLike(query: string, opts: { prefix?: boolean } = {}): string | null {
  const q = query.trim();
  if (!/[A-Za-z0-9Đđ]/.test(q)) return null;
  let out = '';
  const hasWildcard = /[*?]/.test(q);
  for (const part of q.split(/([*?])/)) {
    if (part === '*') out += '%';
    else if (part === '?') out += '_';
    else out += foldPlate(part);
  }
  if (hasWildcard) return out;
  return opts.prefix ? `${out}%` : `%${out}%`;
}
