import type { Box, RgbImage } from '../../shared/domain/plates';

/**
 * A classical licence-plate finder for the OCR engines that have no text detector of their own
 * (tesseract.js): plates are compact blocks of dense vertical strokes (characters) on a flat
 * background, so cells with many strong horizontal-gradient pixels are joined into blocks and
 * the blocks shaped like a plate (one-row ≈ 4.5:1, two-row ≈ 1.4:1) are kept, best first.
 * Pure computation on RGB24, no dependencies.
 */

export interface PlateCandidateBox extends Box {
  /** Share of stroke pixels in the block: higher is more text-like. */
  density: number;
}

export interface LocaliserOptions {
  /** Cell side in pixels of the stroke-density grid. */
  cell: number;
  /** Gradient (0..255 grey levels between neighbours two pixels apart) that counts as a stroke edge. */
  edge: number;
  /** Share of stroke pixels that makes a cell part of a text block. */
  cellDensity: number;
  /** Candidates returned at most. */
  max: number;
}

export const defaultLocaliserOptions: LocaliserOptions = { cell: 4, edge: 48, cellDensity: 0.12, max: 3 };

export function greyOf(image: RgbImage): Float32Array {
  const n = image.width * image.height;
  const g = new Float32Array(n);
  const d = image.data;
  for (let i = 0; i < n; i++) g[i] = 0.299 * d[i * 3]! + 0.587 * d[i * 3 + 1]! + 0.114 * d[i * 3 + 2]!;
  return g;
}

/** 3×3 mean: sensor noise stops looking like strokes, real strokes (several pixels wide) stay. */
function boxBlur3(g: Float32Array, w: number, h: number): Float32Array {
  const out = new Float32Array(g.length);
  for (let y = 0; y < h; y++) {
    const ya = Math.max(0, y - 1);
    const yb = Math.min(h - 1, y + 1);
    for (let x = 0; x < w; x++) {
      const xa = Math.max(0, x - 1);
      const xb = Math.min(w - 1, x + 1);
      let s = 0;
      for (let yy = ya; yy <= yb; yy++) for (let xx = xa; xx <= xb; xx++) s += g[yy * w + xx]!;
      out[y * w + x] = s / ((yb - ya + 1) * (xb - xa + 1));
    }
  }
  return out;
}

export function findPlateBoxes(image: RgbImage, area: Box, o: LocaliserOptions = defaultLocaliserOptions): PlateCandidateBox[] {
  const { width } = image;
  const g = boxBlur3(greyOf(image), image.width, image.height);
  const x0 = Math.max(0, Math.floor(area.x));
  const y0 = Math.max(0, Math.floor(area.y));
  const x1 = Math.min(image.width, Math.ceil(area.x + area.w));
  const y1 = Math.min(image.height, Math.ceil(area.y + area.h));
  const cw = Math.floor((x1 - x0) / o.cell);
  const ch = Math.floor((y1 - y0) / o.cell);
  if (cw < 4 || ch < 2) return [];
  // Stroke density per cell, from the horizontal gradient (vertical strokes of characters).
  const dens = new Float32Array(cw * ch);
  for (let cy = 0; cy < ch; cy++) {
    for (let cx = 0; cx < cw; cx++) {
      let hits = 0;
      for (let dy = 0; dy < o.cell; dy++) {
        const y = y0 + cy * o.cell + dy;
        for (let dx = 0; dx < o.cell; dx++) {
          const x = x0 + cx * o.cell + dx;
          if (x < 1 || x >= width - 1) continue;
          if (Math.abs(g[y * width + x + 1]! - g[y * width + x - 1]!) >= o.edge) hits++;
        }
      }
      dens[cy * cw + cx] = hits / (o.cell * o.cell);
    }
  }
  // Text cells, closed horizontally by one cell so the gaps between characters join.
  const on = new Uint8Array(cw * ch);
  for (let i = 0; i < on.length; i++) on[i] = dens[i]! >= o.cellDensity ? 1 : 0;
  const closed = new Uint8Array(on);
  for (let cy = 0; cy < ch; cy++) {
    for (let cx = 1; cx < cw - 1; cx++) {
      const i = cy * cw + cx;
      if (!on[i] && ((on[i - 1] && on[i + 1]) || (cx > 1 && on[i - 2] && on[i + 1]) || (cx < cw - 2 && on[i - 1] && on[i + 2]))) closed[i] = 1;
    }
  }
  // Connected blocks (4-neighbour), bounded by the grid size.
  const label = new Int32Array(cw * ch).fill(-1);
  const blocks: PlateCandidateBox[] = [];
  const stack: number[] = [];
  for (let start = 0; start < closed.length; start++) {
    if (!closed[start] || label[start] !== -1) continue;
    let minX = cw;
    let minY = ch;
    let maxX = -1;
    let maxY = -1;
    let sum = 0;
    let cells = 0;
    label[start] = start;
    stack.push(start);
    while (stack.length) {
      const i = stack.pop()!;
      const cx = i % cw;
      const cy = (i - cx) / cw;
      minX = Math.min(minX, cx);
      maxX = Math.max(maxX, cx);
      minY = Math.min(minY, cy);
      maxY = Math.max(maxY, cy);
      sum += dens[i]!;
      cells++;
      for (const j of [cx > 0 ? i - 1 : -1, cx < cw - 1 ? i + 1 : -1, cy > 0 ? i - cw : -1, cy < ch - 1 ? i + cw : -1]) {
        if (j >= 0 && closed[j] && label[j] === -1) {
          label[j] = start;
          stack.push(j);
        }
      }
    }
    const bw = maxX - minX + 1;
    const bh = maxY - minY + 1;
    const aspect = bw / bh;
    const fill = cells / (bw * bh);
    // A plate: at least ~24 px wide and ~8 px tall, plate-like proportions, mostly filled with text.
    if (bw * o.cell < 24 || bh * o.cell < 8 || aspect < 0.8 || aspect > 9 || fill < 0.45) continue;
    blocks.push({ x: x0 + minX * o.cell, y: y0 + minY * o.cell, w: bw * o.cell, h: bh * o.cell, density: (sum / cells) * fill });
  }
  // Bigger, denser blocks first: a plate's characters outweigh a stray edge or a grille slat.
  blocks.sort((a, b) => b.density * Math.sqrt(b.w * b.h) - a.density * Math.sqrt(a.w * a.h));
  return blocks.slice(0, o.max);
}
