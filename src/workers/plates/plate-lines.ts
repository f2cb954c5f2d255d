import { normalisePlate, type Box, type PlateReadResult, type RgbImage } from '../../shared/domain/plates';
import type { PlateReader } from './plate-reader';

export interface TextLine {
  text: string;
  confidence: number;
  box: Box;
}

export interface PlateCandidate {
  lines: TextLine[];
  box: Box;
}

function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}

/** Two lines stacked like a two-row plate: b under a, overlapping horizontally, close vertically, similar height. */
function stacked(a: Box, b: Box): boolean {
  const overlap = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  if (overlap < 0.5 * Math.min(a.w, b.w)) return false;
  const gap = b.y - (a.y + a.h);
  const hMax = Math.max(a.h, b.h);
  return b.y + b.h / 2 > a.y + a.h / 2 && gap < 0.8 * hMax && Math.min(a.h, b.h) > 0.5 * hMax;
}

/**
 * Turns detected text lines into plates. Each line alone is a one-row candidate; each stacked
 * pair (top, bottom) a two-row one. Candidates are ranked valid first, then by how well they
 * normalise, then confidence, and taken greedily so a line belongs to one plate only. Lines
 * that read as no plate at all are dropped (shop signs, stickers) once a plate was found.
 */
export function groupPlateLines(lines: readonly TextLine[]): PlateCandidate[] {
  const sorted = [...lines].filter((l) => l.text.length > 0).sort((a, b) => a.box.y - b.box.y);
  type Cand = { idx: number[]; lines: TextLine[]; rank: number };
  const cands: Cand[] = [];
  const rankOf = (raw: string, layout: 'one-row' | 'two-row', conf: number) => {
    const n = normalisePlate(raw, layout);
    if (!n) return conf;
    return (n.valid ? 100 : 10) + (n.layout === layout ? 20 : 0) - n.corrections * 5 + conf;
  };
  sorted.forEach((l, i) => cands.push({ idx: [i], lines: [l], rank: rankOf(l.text, 'one-row', l.confidence) }));
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i]!;
      const b = sorted[j]!;
      if (!stacked(a.box, b.box)) continue;
      cands.push({ idx: [i, j], lines: [a, b], rank: rankOf(`${a.text} ${b.text}`, 'two-row', (a.confidence + b.confidence) / 2) });
    }
  }
  cands.sort((a, b) => b.rank - a.rank);
  const used = new Set<number>();
  const out: PlateCandidate[] = [];
  for (const c of cands) {
    if (c.idx.some((i) => used.has(i))) continue;
    // Below 10 nothing normalised: keep the best such candidate only when nothing else was read,
    // so an unreadable plate still shows (valid = false) instead of vanishing.
    if (c.rank < 10 && out.length > 0) continue;
    c.idx.forEach((i) => used.add(i));
    out.push({ lines: c.lines, box: c.lines.map((l) => l.box).reduce(union) });
  }
  return out;
}

/** A grouped plate as a read: lines joined, normalised to a Vietnamese format when possible (every OCR engine ends here). */
export function plateResult(p: PlateCandidate): PlateReadResult {
  const layout = p.lines.length === 2 ? 'two-row' : 'one-row';
  const raw = p.lines.map((l) => l.text).join(' ');
  const confidence = p.lines.reduce((a, l) => a + l.confidence, 0) / p.lines.length;
  const n = normalisePlate(raw, layout);
  const box = { x: Math.round(p.box.x), y: Math.round(p.box.y), w: Math.round(p.box.w), h: Math.round(p.box.h) };
  if (!n) return { text: raw, raw, confidence, box, layout, valid: false };
  return { text: n.text, raw, confidence, box, layout: n.layout, valid: n.valid, ...(n.province ? { province: n.province } : {}) };
}

/**
 * A plate reader over an engine that finds text lines per area (PaddleOCR or tesseract.js): plates
 * are grouped from each area's lines, raw text is every line.
 */
export function plateReaderFrom(linesPerArea: (image: RgbImage, regions: readonly Box[] | undefined) => Promise<TextLine[][]>, dispose: () => Promise<void>): PlateReader {
  return {
    read: async (image, regions) => (await linesPerArea(image, regions)).flatMap((lines) => groupPlateLines(lines).map(plateResult)),
    readText: async (image, regions) => (await linesPerArea(image, regions)).flat(),
    dispose,
  };
}
