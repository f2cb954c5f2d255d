import type { PlateEngineChoice } from '../../shared/domain/vision';
import type { PlateReader } from './plate-reader';

export interface LoadedPlateEngine {
  reader: PlateReader;
  /** The engine actually reading: PaddleOCR v4 on onnxruntime-node, or tesseract.js. */
  engine: 'paddle' | 'tesseract';
  /** Why "auto" fell back to tesseract.js (onnxruntime-node or the PaddleOCR models failed to load); null otherwise. */
  fallbackReason: string | null;
}

export interface PlateEngineLoaders {
  paddle: () => Promise<PlateReader>;
  tesseract: () => Promise<PlateReader>;
}

/**
 * The real loaders. Both are imported on demand: plate-reader.ts imports onnxruntime-node at
 * its top, so a missing or broken native binding surfaces here as a rejected import that "auto"
 * can catch, instead of killing the worker that merely imported it.
 */
export const defaultPlateEngineLoaders = (modelDir?: string): PlateEngineLoaders => ({
  paddle: async () => (await import('./plate-reader')).createPlateReader(modelDir ? { modelDir } : {}),
  tesseract: async () => (await import('./tesseract-reader')).createTesseractPlateReader(),
});

/**
 * Loads the plate reader a setting asks for: "paddle" or "tesseract" exactly (an error if it
 * cannot load), or "auto": PaddleOCR when onnxruntime-node and its models load, else tesseract.js
 * with the reason kept for the operator.
 */
export async function loadPlateEngine(choice: PlateEngineChoice, loaders: PlateEngineLoaders): Promise<LoadedPlateEngine> {
  if (choice === 'tesseract') return { reader: await loaders.tesseract(), engine: 'tesseract', fallbackReason: null };
  if (choice === 'paddle') return { reader: await loaders.paddle(), engine: 'paddle', fallbackReason: null };
  try {
    return { reader: await loaders.paddle(), engine: 'paddle', fallbackReason: null };
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    try {
      return { reader: await loaders.tesseract(), engine: 'tesseract', fallbackReason: reason };
    } catch (err2) {
      throw new Error(`no plate reader could load: PaddleOCR (${reason}); tesseract.js (${err2 instanceof Error ? err2.message : String(err2)})`);
    }
  }
}
