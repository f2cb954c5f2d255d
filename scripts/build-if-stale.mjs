// Builds main, preload and renderer with electron-vite unless out/ is newer than every source file.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const stamp = join(root, 'out', '.build-stamp');
const inputs = ['src', 'electron.vite.config.ts', 'package.json', 'package-lock.json'];

function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
  return max;
}

export function buildIfStale({ force = false } = {}) {
  const sourceTime = Math.max(...inputs.map((p) => newest(join(root, p))));
  if (!force && existsSync(stamp) && statSync(stamp).mtimeMs >= sourceTime) return false;
  const bin = join(root, 'node_modules', '.bin', 'electron-vite');
  const result = spawnSync(bin, ['build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write('electron-vite build failed\n');
    process.exit(result.status ?? 1);
  }
  writeFileSync(stamp, new Date().toISOString());
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) buildIfStale({ force: process.argv.includes('--force') });
