import type { PlateReader } from '../plates/plate-reader';

export type PlateReaderLike = Pick<PlateReader, 'read' | 'dispose'>;

/** The plate reader (../plates) loads its OCR models only when a camera reads plates, so it is imported on demand. */
export async function loadPlateReader(modelDir?: string): Promise<PlateReaderLike> {
  const { createPlateReader } = await import('../plates/plate-reader');
  return createPlateReader(modelDir ? { modelDir } : {});
}
