import type { PlateEngineChoice } from '../../shared/domain/vision';
import { defaultPlateEngineLoaders, loadPlateEngine, type LoadedPlateEngine } from '../plates/plate-engines';
import type { PlateReader } from '../plates/plate-reader';

export type PlateReaderLike = Pick<PlateReader, 'read' | 'dispose'>;

/** The plate reader (../plates) loads its OCR models only when a camera reads plates; the engine is the camera's setting. */
export async function loadPlateReader(modelDir?: string, engine: PlateEngineChoice = 'auto'): Promise<LoadedPlateEngine> {
  return loadPlateEngine(engine, defaultPlateEngineLoaders(modelDir));
}
