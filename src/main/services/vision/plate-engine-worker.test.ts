import { afterAll, describe, expect, it } from 'vitest';
import { renderPlateScene } from '../../../simulators/plates/render-plate';
import type { Logger } from '../log/logger';
import { makeTempDir } from '../store/test-support';
import { visionWorkerEntry } from './worker-entry';
import { VisionWorkerPool } from './worker-pool';

const tmp = makeTempDir('ioc-plate-engine-');
afterAll(() => tmp.cleanup());
const noTiling = { enabled: false, cols: 1, rows: 1, overlap: 0, includeFull: true };

async function readWith(plates: { engine: 'auto' | 'tesseract'; modelDir?: string }, warnings: string[]): Promise<string[]> {
  const log: Logger = { info() {}, warn: (msg, fields) => warnings.push(`${msg} ${JSON.stringify(fields)}`), error() {} };
  const pool = new VisionWorkerPool({
    size: 1,
    queueLimit: 1,
    frameTimeoutMs: 30_000,
    initTimeoutMs: 60_000,
    init: { type: 'init', detector: { kind: 'none' }, density: null, plates: { enabled: true, ...plates } },
    entry: visionWorkerEntry(),
    log,
  });
  try {
    await pool.start();
    // No detector: the reader searches the whole frame, a rendered plate on a vehicle crop.
    const scene = renderPlateScene({ text: '51F-123.45', layout: 'one-row', augmentation: 'clean', seed: 11 });
    const result = await pool.submit({ width: scene.image.width, height: scene.image.height, pixels: scene.image.data.slice().buffer, minScore: 0.3, tiling: noTiling, plates: true });
    return result!.plates.map((p) => p.text);
  } finally {
    await pool.dispose();
  }
}

describe('plate engine in the analytics worker', () => {
  it('reads plates with tesseract.js when the setting chooses it', async () => {
    const warnings: string[] = [];
    expect(await readWith({ engine: 'tesseract' }, warnings)).toContain('51F-123.45');
    expect(warnings).toEqual([]);
  }, 90_000);

  it('falls back to tesseract.js when the PaddleOCR engine cannot load, and says why', async () => {
    const warnings: string[] = [];
    // An empty model folder: PaddleOCR's session cannot be created, as when onnxruntime-node or its models are missing.
    expect(await readWith({ engine: 'auto', modelDir: tmp.dir }, warnings)).toContain('51F-123.45');
    expect(warnings.join('\n')).toMatch(/plate reader fell back to tesseract\.js .*cannot read model/);
  }, 90_000);
});
