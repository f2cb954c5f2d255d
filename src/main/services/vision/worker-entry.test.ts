import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findInNodeModules } from '../../../workers/model-paths';
import { builtinModelDirs } from './worker-entry';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'ioc-model-paths-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const touch = (p: string): void => {
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, 'x');
};

describe('built-in detector files in a packaged app (app.asar → app.asar.unpacked)', () => {
  it('finds the built-in detector files in app.asar.unpacked when the code runs from app.asar', () => {
    const resources = join(tmp, 'packaged', 'resources');
    const from = join(resources, 'app.asar', 'out', 'main');
    mkdirSync(from, { recursive: true });
    // Only the archive has them: under plain Node (no Electron fs) that is like a missing unpack, and must not be used.
    touch(join(resources, 'app.asar', 'node_modules', '@vladmandic', 'human', 'models', 'centernet.json'));
    expect(() => builtinModelDirs(from)).toThrow(/built-in detector .* is missing/);
    for (const f of ['centernet.json', 'centernet.bin']) touch(join(resources, 'app.asar.unpacked', 'node_modules', '@vladmandic', 'human', 'models', f));
    for (const f of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm']) touch(join(resources, 'app.asar.unpacked', 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist', f));
    expect(builtinModelDirs(from)).toEqual({
      modelDir: join(resources, 'app.asar.unpacked', 'node_modules', '@vladmandic', 'human', 'models'),
      wasmDir: join(resources, 'app.asar.unpacked', 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist'),
    });
    // The walk looks only where it is told and stops at the root.
    expect(findInNodeModules(join(tmp, 'elsewhere'), 'nothing-here', ['x'])).toBeNull();
  });

  it('resolves to the checkout’s own node_modules when not packaged', () => {
    const { modelDir, wasmDir } = builtinModelDirs();
    expect(modelDir).toBe(join(root, 'node_modules', '@vladmandic', 'human', 'models'));
    expect(wasmDir).toBe(join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist'));
  });

});
