import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCityService, makeTempDir, type TempDir } from './test-support';
import { indexFileName, quarantineDirName } from './user-layer-store';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const childScript = fileURLToPath(new URL('./test-fixtures/import-until-killed.ts', import.meta.url));

/** Runs the importer and SIGKILLs it (by its PID) a little after its `killAfter`-th committed import. */
function importThenKill(dataDir: string, killAfter: number, delayMs: number): Promise<{ committed: number; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, dataDir], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let scheduled = false;
    const guard = setTimeout(() => {
      process.kill(child.pid!, 'SIGKILL');
      reject(new Error(`importer did not commit ${killAfter} layers in time; stderr: ${stderr}`));
    }, 25_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const committed = stdout.match(/^committed \d+$/gm)?.length ?? 0;
      if (!scheduled && committed >= killAfter) {
        scheduled = true;
        setTimeout(() => process.kill(child.pid!, 'SIGKILL'), delayMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(guard);
      resolve({ committed: stdout.match(/^committed \d+$/gm)?.length ?? 0, signal });
    });
  });
}

let tmp: TempDir;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

describe('user layers survive SIGKILL mid-import', () => {
  it.each([
    { killAfter: 1, delayMs: 0 },
    { killAfter: 2, delayMs: 3 },
    { killAfter: 3, delayMs: 9 },
    { killAfter: 2, delayMs: 23 },
  ])('killed $delayMs ms after import $killAfter: every committed layer is intact, nothing is lost', async ({ killAfter, delayMs }) => {
    const run = await importThenKill(tmp.path, killAfter, delayMs);
    expect(run.signal).toBe('SIGKILL');

    const { service } = await makeCityService(tmp.path);
    const layers = service.listUserLayers();
    // Every import the child reported is there; the one in flight is either fully there or not at all.
    expect(layers.length).toBeGreaterThanOrEqual(run.committed);
    expect(layers.length).toBeLessThanOrEqual(run.committed + 1);
    expect(layers.map((l) => l.name)).toEqual(Array.from({ length: layers.length }, (_, i) => `Lớp ${i + 1}`));
    for (const layer of layers) expect(layer.featureCount).toBe(3000);

    // On disk: the index, one file per listed layer, and anything else set aside with a reason.
    const dir = join(tmp.path, 'layers');
    const files = readdirSync(dir).filter((n) => n !== quarantineDirName).sort();
    expect(files).toEqual([indexFileName, ...layers.map((l) => `${l.id}.geojson`)].sort());
    const aside = existsSync(join(dir, quarantineDirName)) ? readdirSync(join(dir, quarantineDirName)) : [];
    expect(aside.filter((n) => n.endsWith('.reason.txt')).length * 2).toBe(aside.length);
  });
});
