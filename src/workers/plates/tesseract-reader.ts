import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Box, RgbImage } from '../../shared/domain/plates';
import { asarUnpacked } from '../model-paths';
import { assertImage, readAreas } from './image-ops';
import { findPlateBoxes } from './plate-localiser';
import { plateReaderFrom, type TextLine } from './plate-lines';
import type { PlateReader } from './plate-reader';

/**
 * The lighter plate reader: tesseract.js (Tesseract 5 LSTM compiled to wasm) with the English
 * model from @tesseract.js-data/eng, both inside node_modules, so nothing is fetched at run
 * time. Tesseract has no scene-text detector worth the name, so plates are found first by
 * ./plate-localiser (stroke density), each candidate is cut out, binarised black-on-white with
 * its border removed, and read as one line (one-row plate) or a block (two-row plate),
 * restricted to the characters a plate can carry. Lines then go through the same grouping and
 * Vietnamese normalisation as the PaddleOCR reader.
 */

/** Characters on a Vietnamese plate that the English model knows (Đ of the special series MĐ/TĐ is not one of them). */
export const PLATE_WHITELIST = 'ABCDEFGHKLMNPRSTUVXYZ0123456789-.';

export interface TesseractReaderOptions {
  /** Folder holding eng.traineddata.gz; default: @tesseract.js-data/eng's 4.0.0 model. */
  langPath?: string;
  /** Height in pixels one text row is scaled to before recognition. */
  rowHeight?: number;
  /** Plate candidates read per vehicle box. */
  candidates?: number;
}

interface TesseractLine {
  text: string;
  confidence: number;
  bbox: { x0: number; y0: number; x1: number; y1: number };
}
interface TesseractWorker {
  setParameters(p: Record<string, string>): Promise<unknown>;
  recognize(image: Buffer, options: object, output: object): Promise<{ data: { blocks: { paragraphs: { lines: TesseractLine[] }[] }[] | null } }>;
  terminate(): Promise<unknown>;
}
interface TesseractModule {
  createWorker(lang: string, oem: number, options: object): Promise<TesseractWorker>;
}

/** Where the bundled English model lies (the package's 4.0.0 folder: LSTM + legacy, gzip); the unpacked copy in a packaged app. */
export function defaultTessdataDir(): string {
  const require = createRequire(import.meta.url);
  return asarUnpacked(path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0'));
}

/** tesseract.js's own worker-thread script; a worker thread loads a plain file, so the unpacked copy in a packaged app. */
export function tesseractWorkerPath(): string {
  const require = createRequire(import.meta.url);
  return asarUnpacked(path.join(path.dirname(require.resolve('tesseract.js/package.json')), 'src', 'worker-script', 'node', 'index.js'));
}

/** A 24-bit BMP (top-down) of an RGB24 image: Tesseract's Leptonica decodes it with no codec library. */
export function encodeBmp(width: number, height: number, rgb: Uint8Array): Buffer {
  const row = Math.ceil((width * 3) / 4) * 4;
  const size = 54 + row * height;
  const b = Buffer.alloc(size);
  b.write('BM', 0, 'ascii');
  b.writeUInt32LE(size, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(width, 18);
  b.writeInt32LE(-height, 22);
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(24, 28);
  b.writeUInt32LE(row * height, 34);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = (y * width + x) * 3;
      const d = 54 + y * row + x * 3;
      b[d] = rgb[s + 2]!;
      b[d + 1] = rgb[s + 1]!;
      b[d + 2] = rgb[s]!;
    }
  }
  return b;
}

export interface PreparedLine {
  width: number;
  height: number;
  /** Grey as RGB24 (what the BMP carries): ink 0, paper 255. */
  rgb: Uint8Array;
  /** Output pixels per source pixel. */
  scale: number;
  /** White margin added on every side, in output pixels. */
  pad: number;
}

/**
 * Cuts `box` out of the image scaled to `outHeight`, stretches its contrast, binarises it
 * (Otsu), takes the majority of the plate's centre as paper (dark text on a light plate or the
 * reverse), clears ink touching the cut's edge (the plate's frame, the car body) unless that
 * would take the characters with it, and adds a white margin.
 */
export function preparePlate(image: RgbImage, box: Box, outHeight: number): PreparedLine {
  const k = outHeight / box.h;
  const W = Math.max(8, Math.round(box.w * k));
  const H = Math.max(8, Math.round(outHeight));
  const { width, height, data } = image;
  const grey = (x: number, y: number): number => {
    const cx = Math.min(width - 1, Math.max(0, x));
    const cy = Math.min(height - 1, Math.max(0, y));
    const i = (cy * width + cx) * 3;
    return 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
  };
  const vals = new Float32Array(W * H);
  for (let y = 0; y < H; y++) {
    const fy = box.y + (y + 0.5) / k - 0.5;
    const y0 = Math.floor(fy);
    const ay = fy - y0;
    for (let x = 0; x < W; x++) {
      const fx = box.x + (x + 0.5) / k - 0.5;
      const x0 = Math.floor(fx);
      const ax = fx - x0;
      vals[y * W + x] = (grey(x0, y0) * (1 - ax) + grey(x0 + 1, y0) * ax) * (1 - ay) + (grey(x0, y0 + 1) * (1 - ax) + grey(x0 + 1, y0 + 1) * ax) * ay;
    }
  }
  const sorted = Float32Array.from(vals).sort();
  const lo = sorted[Math.floor(0.02 * (sorted.length - 1))]!;
  const hi = sorted[Math.floor(0.98 * (sorted.length - 1))]!;
  const q = new Uint8Array(W * H);
  const hist = new Float64Array(256);
  for (let i = 0; i < q.length; i++) {
    q[i] = Math.max(0, Math.min(255, Math.round(((vals[i]! - lo) * 255) / Math.max(1, hi - lo))));
    hist[q[i]!]!++;
  }
  // Otsu: the threshold that best separates two grey populations.
  let sumAll = 0;
  for (let i = 0; i < 256; i++) sumAll += i * hist[i]!;
  let wB = 0;
  let sumB = 0;
  let best = -1;
  let thr = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    const wF = q.length - wB;
    if (wB === 0) continue;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const between = wB * wF * (sumB / wB - (sumAll - sumB) / wF) ** 2;
    if (between > best) {
      best = between;
      thr = t;
    }
  }
  const ink = new Uint8Array(q.length);
  for (let i = 0; i < q.length; i++) ink[i] = q[i]! <= thr ? 1 : 0;
  // Paper is the majority inside the plate (its central part, away from the frame and the car body
  // the cut may include): dark text on a light plate, or light text on a dark one.
  let dark = 0;
  let centre = 0;
  for (let y = Math.floor(H * 0.25); y < Math.ceil(H * 0.75); y++) {
    for (let x = Math.floor(W * 0.15); x < Math.ceil(W * 0.85); x++) {
      dark += ink[y * W + x]!;
      centre++;
    }
  }
  if (dark > centre / 2) for (let i = 0; i < ink.length; i++) ink[i] = 1 - ink[i]!;
  // Ink connected to the cut's edge is the frame or the body, not a character: flood it away.
  const before = ink.slice();
  const stack: number[] = [];
  for (let x = 0; x < W; x++) stack.push(x, (H - 1) * W + x);
  for (let y = 0; y < H; y++) stack.push(y * W, y * W + W - 1);
  while (stack.length) {
    const i = stack.pop()!;
    if (!ink[i]) continue;
    ink[i] = 0;
    const x = i % W;
    if (x > 0) stack.push(i - 1);
    if (x < W - 1) stack.push(i + 1);
    if (i >= W) stack.push(i - W);
    if (i < W * (H - 1)) stack.push(i + W);
  }
  // Characters touching the frame went with it (most of the ink gone): keep them, and blank only
  // a thin band along the cut's edges where the frame lies.
  let kept = 0;
  let had = 0;
  for (let i = 0; i < ink.length; i++) {
    kept += ink[i]!;
    had += before[i]!;
  }
  if (kept < 0.4 * had) {
    const band = Math.max(1, Math.round(0.06 * H));
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) ink[y * W + x] = y < band || y >= H - band || x < band || x >= W - band ? 0 : before[y * W + x]!;
  }
  const pad = 12;
  const W2 = W + 2 * pad;
  const H2 = H + 2 * pad;
  const rgb = new Uint8Array(W2 * H2 * 3).fill(255);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (!ink[y * W + x]) continue;
      const o = ((y + pad) * W2 + x + pad) * 3;
      rgb[o] = rgb[o + 1] = rgb[o + 2] = 0;
    }
  }
  return { width: W2, height: H2, rgb, scale: k, pad };
}

/** One-row plates are long (≈ 4.5:1 on the road, ≥ 2.5:1 as found); two-row plates nearly square. */
const rowsOf = (b: Box): 1 | 2 => (b.w / b.h > 2.5 ? 1 : 2);

export async function createTesseractPlateReader(opts: TesseractReaderOptions = {}): Promise<PlateReader> {
  const langPath = opts.langPath ?? defaultTessdataDir();
  if (!existsSync(path.join(langPath, 'eng.traineddata.gz'))) throw new Error(`plate reader (tesseract): no eng.traineddata.gz in ${langPath}`);
  const require = createRequire(import.meta.url);
  const tesseract = require('tesseract.js') as TesseractModule;
  // OEM 1 = LSTM only. A local langPath is read with fs, never fetched; cacheMethod "none" keeps
  // tesseract.js from writing a copy of the model into the working folder.
  const worker = await tesseract.createWorker('eng', 1, { langPath, workerPath: tesseractWorkerPath(), gzip: true, cacheMethod: 'none', logger: () => undefined, errorHandler: () => undefined });
  await worker.setParameters({ tessedit_char_whitelist: PLATE_WHITELIST, user_defined_dpi: '300' });
  const rowHeight = opts.rowHeight ?? 48;
  const maxCandidates = opts.candidates ?? 2;
  let disposed = false;
  let psm = '';
  // One recognition at a time: the tesseract worker is a single thread with one image loaded.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(f: () => Promise<T>): Promise<T> => {
    const run = queue.then(f, f);
    queue = run.catch(() => undefined);
    return run;
  };

  const readCandidate = async (image: RgbImage, b: Box): Promise<TextLine[]> => {
    const margin = { x: b.x - b.h * 0.1, y: b.y - b.h * 0.1, w: b.w + b.h * 0.2, h: b.h * 1.2 };
    const rows = rowsOf(b);
    const prepared = preparePlate(image, margin, rowHeight * rows);
    // PSM 7: a single text line; PSM 6: one uniform block (the two rows).
    const want = rows === 1 ? '7' : '6';
    if (want !== psm) {
      await worker.setParameters({ tessedit_pageseg_mode: want });
      psm = want;
    }
    const r = await worker.recognize(encodeBmp(prepared.width, prepared.height, prepared.rgb), {}, { blocks: true, text: false });
    const lines = (r.data.blocks ?? []).flatMap((block) => block.paragraphs.flatMap((p) => p.lines));
    return lines
      .map((l) => ({
        text: l.text.replace(/\s+/g, ''),
        confidence: Math.max(0, Math.min(1, l.confidence / 100)),
        box: {
          x: margin.x + (l.bbox.x0 - prepared.pad) / prepared.scale,
          y: margin.y + (l.bbox.y0 - prepared.pad) / prepared.scale,
          w: (l.bbox.x1 - l.bbox.x0) / prepared.scale,
          h: (l.bbox.y1 - l.bbox.y0) / prepared.scale,
        },
      }))
      .filter((l) => l.text.length > 0);
  };

  const linesPerArea = (image: RgbImage, regions: readonly Box[] | undefined): Promise<TextLine[][]> =>
    serial(async () => {
      if (disposed) throw new Error('plate reader: already disposed');
      assertImage(image);
      const areas = readAreas(image, regions);
      const out: TextLine[][] = [];
      for (const area of areas) {
        const lines: TextLine[] = [];
        for (const b of findPlateBoxes(image, area).slice(0, maxCandidates)) lines.push(...(await readCandidate(image, b)));
        if (lines.length) out.push(lines);
      }
      return out;
    });

  return plateReaderFrom(linesPerArea, async () => {
    if (disposed) return;
    disposed = true;
    await worker.terminate();
  });
}
