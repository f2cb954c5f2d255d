import type { Box } from '../../shared/domain/plates';

export interface DbOptions {
  /** Pixels above this probability are text. */
  threshold: number;
  /** A region whose mean probability is below this is dropped. */
  boxThreshold: number;
  /** How far a shrunk text kernel is grown back (PaddleOCR's unclip_ratio). */
  unclipRatio: number;
  minSize: number;
  maxBoxes: number;
}

/** A text line as a rotated rectangle: centre, length along the text, thickness across, angle in radians. */
export interface RotatedRect {
  cx: number;
  cy: number;
  len: number;
  thick: number;
  angle: number;
}

export type DbBox = Box & { score: number; rect: RotatedRect };

export const defaultDbOptions: DbOptions = { threshold: 0.3, boxThreshold: 0.6, unclipRatio: 1.6, minSize: 3, maxBoxes: 50 };

/**
 * DB (differentiable binarisation) post-processing of a text probability map: threshold,
 * 4-connected components, axis-aligned bounds, score by mean probability, unclip by
 * area × ratio / perimeter (PaddleOCR's rule for growing the shrunk kernel back to the text).
 * Each region also gets its orientation from the second moments of its pixels, so a tilted
 * plate's line is cut out along its own axis (an axis-aligned crop of a line tilted 10° takes in
 * half the neighbouring line and cuts off the end characters).
 */
export function dbBoxes(prob: Float32Array, w: number, h: number, opts: DbOptions = defaultDbOptions): DbBox[] {
  const label = new Int32Array(w * h);
  const stack = new Int32Array(w * h);
  const pixels = new Int32Array(w * h);
  const out: DbBox[] = [];
  let next = 0;
  for (let start = 0; start < w * h; start++) {
    if (label[start] !== 0 || prob[start]! <= opts.threshold) continue;
    next++;
    let sp = 0;
    stack[sp++] = start;
    label[start] = next;
    let minX = w, minY = h, maxX = -1, maxY = -1, sum = 0, n = 0, mx = 0, my = 0;
    while (sp > 0) {
      const p = stack[--sp]!;
      const x = p % w;
      const y = (p - x) / w;
      sum += prob[p]!;
      pixels[n] = p;
      n++;
      mx += x;
      my += y;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      const nb = [x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, y > 0 ? p - w : -1, y < h - 1 ? p + w : -1];
      for (const q of nb) {
        if (q >= 0 && label[q] === 0 && prob[q]! > opts.threshold) {
          label[q] = next;
          stack[sp++] = q;
        }
      }
    }
    const bw = maxX - minX + 1;
    const bh = maxY - minY + 1;
    if (Math.min(bw, bh) < opts.minSize) continue;
    const score = sum / n;
    if (score < opts.boxThreshold) continue;
    const d = (bw * bh * opts.unclipRatio) / (2 * (bw + bh));
    const x = Math.max(0, minX - d);
    const y = Math.max(0, minY - d);
    out.push({ x, y, w: Math.min(w, maxX + 1 + d) - x, h: Math.min(h, maxY + 1 + d) - y, score, rect: rotatedRect(pixels, n, w, mx / n, my / n, opts.unclipRatio) });
    if (out.length >= opts.maxBoxes) break;
  }
  return out;
}

/** Minimum-ish rectangle along the region's principal axis, grown by the unclip distance. */
function rotatedRect(pixels: Int32Array, n: number, w: number, mx: number, my: number, unclipRatio: number): RotatedRect {
  let sxx = 0, syy = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    const p = pixels[i]!;
    const dx = (p % w) - mx;
    const dy = Math.floor(p / w) - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  let angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  // Text on a plate runs left to right: a region taller than wide keeps the axis-aligned frame.
  if (Math.abs(angle) > Math.PI / 4) angle = 0;
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  let u0 = Infinity, u1 = -Infinity, v0 = Infinity, v1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const p = pixels[i]!;
    const dx = (p % w) - mx;
    const dy = Math.floor(p / w) - my;
    const u = dx * c + dy * s;
    const v = -dx * s + dy * c;
    if (u < u0) u0 = u;
    if (u > u1) u1 = u;
    if (v < v0) v0 = v;
    if (v > v1) v1 = v;
  }
  const len0 = u1 - u0 + 1;
  const thick0 = v1 - v0 + 1;
  const d = (len0 * thick0 * unclipRatio) / (2 * (len0 + thick0));
  const uc = (u0 + u1) / 2;
  const vc = (v0 + v1) / 2;
  return { cx: mx + uc * c - vc * s + 0.5, cy: my + uc * s + vc * c + 0.5, len: len0 + 2 * d, thick: thick0 + 2 * d, angle };
}
