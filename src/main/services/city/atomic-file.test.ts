import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncDirectory, writeFileAtomic } from './atomic-file';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('creates and replaces a file, leaving no temporary files', async () => {
    const path = join(dir, 'index.json');
    await writeFileAtomic(path, 'one');
    await writeFileAtomic(path, 'two');
    expect(readFileSync(path, 'utf8')).toBe('two');
    expect(readdirSync(dir)).toEqual(['index.json']);
  });

  it('leaves the old content and no temporary file when the write fails', async () => {
    const path = join(dir, 'layer.geojson');
    writeFileSync(path, 'old');
    // A non-empty directory in the way makes the final rename fail after the data was written.
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'keep'), 'x');
    await expect(writeFileAtomic(join(dir, 'sub'), 'new')).rejects.toThrow();
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir).sort()).toEqual(['layer.geojson', 'sub']);
  });

  it('syncs a directory', async () => {
    await expect(syncDirectory(dir)).resolves.toBeUndefined();
  });
});
