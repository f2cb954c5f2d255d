import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { PlateEngineChoice } from '../../../../shared/domain/vision';
import { defaultPlateEngineLoaders, loadPlateEngine } from '../../../../workers/plates/plate-engines';
import { decodeImage } from './decode-image';
import { sampleVideoFrames } from './video-frames';

const videoExt = new Set(['.mp4', '.avi', '.mkv', '.mov', '.webm', '.ts', '.m4v']);

/**
 * `npm run analyze -- plates <file>`: reads the plates in an image, or in a video sampled at
 * 2 frames/s (at most 120 frames), with the whole frame searched. JSON-able: plates with their
 * frame time, the OCR engine used, and timings (model load, per-read p50/p95).
 */
export async function runPlatesCli(file: string, engineChoice: PlateEngineChoice = 'auto'): Promise<unknown> {
  const info = await stat(file).catch(() => null);
  if (!info || !info.isFile()) throw new Error(`${file}: no such file`);
  if (info.size === 0) throw new Error(`${file}: the file is empty`);
  const t0 = performance.now();
  const { reader, engine, fallbackReason } = await loadPlateEngine(engineChoice, defaultPlateEngineLoaders());
  const loadMs = performance.now() - t0;
  try {
    const isVideo = videoExt.has(extname(file).toLowerCase());
    const frames = isVideo ? await sampleVideoFrames(file) : [{ tSec: 0, image: await decodeImage(file) }];
    const times: number[] = [];
    const plates: Array<Record<string, unknown>> = [];
    const otherText: Array<Record<string, unknown>> = [];
    for (const f of frames) {
      const t = performance.now();
      const results = await reader.read(f.image);
      times.push(performance.now() - t);
      for (const r of results) plates.push({ ...(isVideo ? { tSec: f.tSec } : {}), ...r, confidence: Number(r.confidence.toFixed(3)) });
      // An image with no plate still says what text the detector saw, so a miss can be judged.
      if (!isVideo && results.length === 0) {
        for (const l of await reader.readText(f.image)) otherText.push({ text: l.text, confidence: Number(l.confidence.toFixed(3)), box: l.box });
      }
    }
    const sorted = [...times].sort((a, b) => a - b);
    const q = (p: number) => Number((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(1));
    return {
      file,
      kind: isVideo ? 'video' : 'image',
      size: { width: frames[0]!.image.width, height: frames[0]!.image.height },
      frames: frames.length,
      engine,
      ...(fallbackReason ? { fallbackReason } : {}),
      plates,
      ...(otherText.length > 0 ? { otherText } : {}),
      timings: { modelLoadMs: Number(loadMs.toFixed(0)), readMsP50: q(0.5), readMsP95: q(0.95) },
    };
  } finally {
    await reader.dispose();
  }
}
