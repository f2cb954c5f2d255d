import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface WorkerEntry {
  /** A file name, or bootstrap code when `eval` is set. */
  spec: string;
  eval: boolean;
}

/**
 * Where the analytics worker's code is: the bundled `vision-worker.js` beside the main bundle
 * in a build, otherwise the TypeScript source run through tsx's loader (tests, `npm run analyze`).
 */
export function visionWorkerEntry(): WorkerEntry {
  const here = dirname(fileURLToPath(import.meta.url));
  // The bundler may place this code in out/main/chunks/; the worker entry sits in out/main/.
  const bundled = [join(here, 'vision-worker.js'), join(here, '..', 'vision-worker.js')].find((p) => existsSync(p));
  if (bundled) return { spec: bundled, eval: false };
  const source = join(here, '..', '..', '..', 'workers', 'vision', 'vision-worker.ts');
  let dir = here;
  // Bounded walk up to the checkout's node_modules (at most the depth of the path).
  for (let i = 0; i < 12; i++) {
    const api = join(dir, 'node_modules', 'tsx', 'dist', 'esm', 'api', 'index.mjs');
    if (existsSync(api) && existsSync(source)) return { spec: tsxBootstrap(pathToFileURL(api).href, pathToFileURL(source).href), eval: true };
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error(`analytics worker not found: neither ${join(here, 'vision-worker.js')} nor ${source} (with tsx) exists`);
}

/**
 * Worker threads ignore `--import` in execArgv for loader hooks, so a source worker registers
 * tsx itself before importing the entry. An import failure is rethrown outside the promise so
 * the worker dies with it and the pool sees why.
 */
function tsxBootstrap(apiUrl: string, sourceUrl: string): string {
  return `(async () => { const { register } = await import(${JSON.stringify(apiUrl)}); register(); await import(${JSON.stringify(sourceUrl)}); })().catch((e) => { setImmediate(() => { throw e; }); });`;
}

/** The built-in detector's files inside node_modules: centernet weights and the tfjs wasm binaries. */
export function builtinModelDirs(): { modelDir: string; wasmDir: string } {
  const here = dirname(fileURLToPath(import.meta.url));
  let dir = here;
  for (let i = 0; i < 12; i++) {
    const modelDir = join(dir, 'node_modules', '@vladmandic', 'human', 'models');
    const wasmDir = join(dir, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
    if (existsSync(join(modelDir, 'centernet.json')) && existsSync(join(wasmDir, 'tfjs-backend-wasm.wasm'))) return { modelDir, wasmDir };
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error('the built-in detector (node_modules/@vladmandic/human/models/centernet.json and tfjs-backend-wasm) is missing');
}
