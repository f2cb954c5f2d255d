import { describe, expect, it } from 'vitest';
import { loadPlateEngine, type PlateEngineLoaders } from './plate-engines';
import type { PlateReader } from './plate-reader';

const fake = (name: string): PlateReader => ({ read: async () => [], readText: async () => [], dispose: async () => undefined, name }) as PlateReader & { name: string };
const loaders = (paddle: () => Promise<PlateReader>, tesseract: () => Promise<PlateReader> = async () => fake('tesseract')): PlateEngineLoaders => ({ paddle, tesseract });

describe('plate engine choice', () => {
  it('auto: PaddleOCR when onnxruntime-node loads', async () => {
    const loaded = await loadPlateEngine('auto', loaders(async () => fake('paddle')));
    expect(loaded).toMatchObject({ engine: 'paddle', fallbackReason: null, reader: { name: 'paddle' } });
  });

  it('auto: falls back to tesseract.js, keeping the reason, when onnxruntime-node cannot load', async () => {
    const loaded = await loadPlateEngine(
      'auto',
      loaders(async () => {
        throw new Error('Cannot find module onnxruntime_binding.node\nRequire stack: …');
      }),
    );
    expect(loaded).toMatchObject({ engine: 'tesseract', fallbackReason: 'Cannot find module onnxruntime_binding.node', reader: { name: 'tesseract' } });
  });

  it('an engine chosen in settings is used as is, and its failure is an error, not a silent switch', async () => {
    const broken = async (): Promise<PlateReader> => {
      throw new Error('broken');
    };
    expect((await loadPlateEngine('tesseract', loaders(broken))).engine).toBe('tesseract');
    await expect(loadPlateEngine('paddle', loaders(broken))).rejects.toThrow('broken');
    await expect(loadPlateEngine('auto', loaders(broken, broken))).rejects.toThrow(/no plate reader could load: PaddleOCR \(broken\); tesseract.js \(broken\)/);
  });
});
