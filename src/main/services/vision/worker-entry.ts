import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { findInNodeModules } from '../../../workers/model-paths';

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

/**
 * The built-in detector's files inside node_modules: centernet weights and the tfjs wasm binaries.
 * In a packaged app these are the copies in app.asar.unpacked (electron-builder.yml, asarUnpack):
 * the worker reads them as plain files. `from` is where the walk up to node_modules starts.
 */
export function builtinModelDirs(from: string = dirname(fileURLToPath(import.meta.url))): { modelDir: string; wasmDir: string } {
  const modelDir = findInNodeModules(from, join('@vladmandic', 'human', 'models'), ['centernet.json', 'centernet.bin']);
  const wasmDir = findInNodeModules(from, join('@tensorflow', 'tfjs-backend-wasm', 'dist'), ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm']);
  if (modelDir && wasmDir) return { modelDir, wasmDir };
  throw new Error('the built-in detector (node_modules/@vladmandic/human/models/centernet.json and tfjs-backend-wasm) is missing');
}
