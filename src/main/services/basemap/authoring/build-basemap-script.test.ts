import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BasemapService } from '../basemap-service';
import { sampleCityLayers } from '../testing/sample-city';
import { makeTempDir } from '../testing/temp-dir';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../../../../', import.meta.url));
const tsx = join(repo, 'node_modules/.bin/tsx');
const script = join(repo, 'scripts/build-basemap-tiles.ts');

describe('scripts/build-basemap-tiles.ts', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let input: string;
  beforeAll(async () => {
    temp = await makeTempDir();
    input = join(temp.dir, 'city');
    await mkdir(input);
    for (const [name, fc] of Object.entries(sampleCityLayers())) await writeFile(join(input, `${name}.geojson`), JSON.stringify(fc));
    await writeFile(join(input, 'city.json'), JSON.stringify({ name: { vi: 'Thành phố Đông Hà', en: 'Dong Ha City' }, attribution: ['CC0 test data'] }));
  });
  afterAll(() => temp.remove());

  it('builds an MBTiles and a PMTiles that the service opens', async () => {
    const out = join(temp.dir, 'out');
    const { stdout } = await run(tsx, [script, '--in', input, '--out', out, '--name', 'demo', '--min', '11', '--max', '14'], { timeout: 60_000 });
    expect(stdout).toMatch(/^\d+ tiles, bounds 107\.08000,16\.80500,107\.12000,16\.83500/);
    const service = new BasemapService();
    try {
      for (const [file, kind] of [['demo.mbtiles', 'mbtiles'], ['demo.pmtiles', 'pmtiles']] as const) {
        expect(await service.open(join(out, file))).toMatchObject({ kind, name: 'Thành phố Đông Hà', minZoom: 11, maxZoom: 14 });
      }
    } finally {
      await service.dispose();
    }
  });

  it('fails with a clear message on a bad zoom or a missing layer file', async () => {
    await expect(run(tsx, [script, '--in', input, '--out', join(temp.dir, 'x'), '--max', '40'], { timeout: 60_000 })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/--max must be a whole number from 0 to 22/),
    });
    await expect(run(tsx, [script, '--in', temp.dir, '--out', join(temp.dir, 'x')], { timeout: 60_000 })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/ENOENT.*wards\.geojson/),
    });
  });
});
