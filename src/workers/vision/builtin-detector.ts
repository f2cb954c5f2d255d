import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { detectionClasses } from '../../shared/domain/vision';
import { asarPacked } from '../model-paths';
import type { Rgb } from './image-ops';
import type { PixelDetection } from './tiling';

interface HumanObject {
  label: string;
  score: number;
  box: [number, number, number, number];
}
interface HumanTensor {
  dispose(): void;
}
interface HumanLike {
  load(): Promise<void>;
  detect(input: HumanTensor): Promise<{ object: HumanObject[]; error?: string | null }>;
  tf: { tensor4d(values: Uint8Array, shape: [number, number, number, number], dtype: 'int32'): HumanTensor; getBackend(): string };
}

const kept = new Set<string>(detectionClasses);

/**
 * Human's fetch-based model loader, pointed at local files. Node's fetch has no file: scheme,
 * so inside this worker file: URLs are served from disk and anything else is refused: the
 * detector must never download at run time.
 */
function installLocalFetch(): void {
  const marker = Symbol.for('ioc.vision.localFetch');
  const g = globalThis as unknown as Record<symbol, boolean> & { fetch: typeof fetch };
  if (g[marker]) return;
  g[marker] = true;
  g.fetch = (async (input: string | URL | Request) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith('file:')) throw new Error(`network access refused in the analytics worker: ${url}`);
    return new Response(await readFile(fileURLToPath(url)));
  }) as typeof fetch;
}

/** The default analysis substream size; the detector resizes every frame to its 512×512 input, so this only shapes the resize. */
const WARMUP_W = 640;
const WARMUP_H = 360;
const WARMUP_RUNS = 2;

/** A deterministic picture with edges and texture (a blank one exercises none of the post-processing). */
export function warmupPicture(width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height * 3);
  let seed = 0x2545f491;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const i = (y * width + x) * 3;
      const block = ((x >> 5) + (y >> 5)) & 1 ? 150 : 70;
      out[i] = block + (seed >>> 27);
      out[i + 1] = (x * 255) / width;
      out[i + 2] = (y * 255) / height;
    }
  }
  return out;
}

export interface BuiltinDetector {
  backend: string;
  detect(image: Rgb, minScore: number): Promise<PixelDetection[]>;
}

/** COCO "centernet" from @vladmandic/human on the tfjs wasm backend, weights and wasm read from node_modules. */
export async function createBuiltinDetector(modelDir: string, wasmDir: string): Promise<BuiltinDetector> {
  installLocalFetch();
  const require = createRequire(import.meta.url);
  // The package's "exports" map has no usable subpath for the wasm build, so it is loaded by
  // path, beside the models folder it ships with.
  // modelDir is the unpacked copy in a packaged app; the code itself is required from the archive,
  // where its own dependencies (@tensorflow/*) resolve.
  const { Human } = require(join(asarPacked(modelDir), '..', 'dist', 'human.node-wasm.js')) as { Human: new (config: object) => HumanLike };
  const dirUrl = (dir: string): string => pathToFileURL(dir.endsWith('/') ? dir : `${dir}/`).href;
  const human = new Human({
    backend: 'wasm',
    wasmPath: dirUrl(wasmDir),
    modelBasePath: dirUrl(modelDir),
    debug: false,
    // Each frame stands alone: Human's result cache would hand back a previous frame's boxes.
    cacheSensitivity: 0,
    face: { enabled: false },
    body: { enabled: false },
    hand: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
    filter: { enabled: false },
    object: { enabled: true, modelPath: 'centernet.json', minConfidence: 0.1, iouThreshold: 0.4, maxDetected: 100, skipFrames: 0, skipTime: 0 },
  });
  await human.load();
  // The first inferences compile the graph on the wasm backend and let V8 optimise the executor and
  // the post-processing: pay that at load, not on a camera's first frames. A 64×64 blank (what this
  // did before) left the first real frames at ~1.3–1.6× the steady cost (bench/vision-counting.ts,
  // "first frames"); a frame-sized textured picture, twice, brings them close to it.
  const warm = warmupPicture(WARMUP_W, WARMUP_H);
  for (let i = 0; i < WARMUP_RUNS; i++) {
    const t = human.tf.tensor4d(warm, [1, WARMUP_H, WARMUP_W, 3], 'int32');
    try {
      await human.detect(t);
    } finally {
      t.dispose();
    }
  }
  return {
    backend: human.tf.getBackend(),
    async detect(image, minScore) {
      const tensor = human.tf.tensor4d(image.data, [1, image.height, image.width, 3], 'int32');
      try {
        const result = await human.detect(tensor);
        if (result.error) throw new Error(result.error);
        return result.object
          .filter((o) => kept.has(o.label) && o.score >= minScore)
          .map((o) => ({ cls: o.label, score: o.score, box: [o.box[0], o.box[1], o.box[2], o.box[3]] }));
      } finally {
        tensor.dispose();
      }
    },
  };
}
