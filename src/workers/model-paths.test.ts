import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asarPacked, asarUnpacked, findInNodeModules } from './model-paths';
import { defaultModelDir } from './plates/plate-reader';
import { defaultTessdataDir, tesseractWorkerPath } from './plates/tesseract-reader';

const root = join(import.meta.dirname, '..', '..');
/** The built-in detector's folders, found the way the station finds them (src/main/services/vision/worker-entry.ts). */
const builtinModelDirs = (): { modelDir: string; wasmDir: string } => ({
  modelDir: findInNodeModules(import.meta.dirname, join('@vladmandic', 'human', 'models'), ['centernet.json'])!,
  wasmDir: findInNodeModules(import.meta.dirname, join('@tensorflow', 'tfjs-backend-wasm', 'dist'), ['tfjs-backend-wasm.wasm'])!,
});

/** electron-builder's asarUnpack list, read from the repository's config (a flat list of quoted globs). */
function asarUnpackGlobs(): string[] {
  const lines = readFileSync(join(root, 'electron-builder.yml'), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith('asarUnpack:'));
  const globs: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    const m = /^\s+-\s+"(.+)"\s*$/.exec(line);
    if (m) globs.push(m[1]!);
  }
  return globs;
}

/** The subset of minimatch that config uses: **, *, {a,b}. */
function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (glob.startsWith('**/', i)) {
      re += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      re += '.*';
      i += 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '{') re += '(?:';
    else if (c === '}') re += ')';
    else if (c === ',') re += '|';
    else re += c.replace(/[.+?^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

describe('model paths in a packaged app (app.asar → app.asar.unpacked)', () => {
  it('maps archive paths to their unpacked twin and back, and leaves other paths alone', () => {
    expect(asarUnpacked('/opt/IOC Console/resources/app.asar/node_modules/m/x.onnx')).toBe('/opt/IOC Console/resources/app.asar.unpacked/node_modules/m/x.onnx');
    expect(asarUnpacked('C:\\Program Files\\IOC\\resources\\app.asar\\node_modules\\m')).toBe('C:\\Program Files\\IOC\\resources\\app.asar.unpacked\\node_modules\\m');
    expect(asarUnpacked('/r/app.asar.unpacked/node_modules/m')).toBe('/r/app.asar.unpacked/node_modules/m');
    expect(asarUnpacked('/r/app.asarx/node_modules/m')).toBe('/r/app.asarx/node_modules/m');
    expect(asarUnpacked('/work/main/node_modules/m')).toBe('/work/main/node_modules/m');
    expect(asarPacked('/r/app.asar.unpacked/node_modules/m')).toBe('/r/app.asar/node_modules/m');
    expect(asarPacked('/work/main/node_modules/m')).toBe('/work/main/node_modules/m');
  });

  it('walks up to node_modules, returning the unpacked copy, and stops at the root', () => {
    const seen: string[] = [];
    const exists = (p: string): boolean => (seen.push(p), p === '/r/app.asar.unpacked/node_modules/pkg/models/m.onnx');
    expect(findInNodeModules('/r/app.asar/out/main', 'pkg/models', ['m.onnx'], exists)).toBe('/r/app.asar.unpacked/node_modules/pkg/models');
    expect(seen[0]).toBe('/r/app.asar.unpacked/out/main/node_modules/pkg/models/m.onnx');
    expect(findInNodeModules('/a/b', 'pkg', ['x'], () => false)).toBeNull();
  });

  it('unpacks every model file and worker script the analytics read as plain files (electron-builder.yml asarUnpack)', () => {
    const globs = asarUnpackGlobs().map(globToRegExp);
    expect(globs.length).toBeGreaterThan(3);
    const require = createRequire(import.meta.url);
    const onnxBin = dirname(require.resolve('onnxruntime-node/package.json'));
    const files = [
      ...['centernet.json', 'centernet.bin'].map((f) => join(builtinModelDirs().modelDir, f)),
      ...readdirSync(builtinModelDirs().wasmDir).filter((f) => f.endsWith('.wasm')).map((f) => join(builtinModelDirs().wasmDir, f)),
      ...['ch_PP-OCRv4_det_infer.onnx', 'ch_PP-OCRv4_rec_infer.onnx', 'ppocr_keys_v1.txt'].map((f) => join(defaultModelDir(), f)),
      join(defaultTessdataDir(), 'eng.traineddata.gz'),
      tesseractWorkerPath(),
      join(dirname(require.resolve('tesseract.js-core/package.json')), 'tesseract-core-simd-lstm.wasm'),
      ...readdirSync(join(onnxBin, 'bin'), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && /\.(so|so\.\d+|dylib|dll|node)$/.test(e.name))
        .map((e) => join(e.parentPath, e.name)),
    ];
    const uncovered = files.map((f) => relative(root, f).split(sep).join('/')).filter((rel) => !globs.some((g) => g.test(rel)));
    expect(uncovered).toEqual([]);
    // And the check itself would catch a file left in the archive.
    expect(globs.some((g) => g.test('node_modules/@vladmandic/human/dist/human.node-wasm.js'))).toBe(false);
  });
});
