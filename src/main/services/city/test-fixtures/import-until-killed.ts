/**
 * Child process for the crash test: imports layers one after another into the data folder
 * given as argv[2], printing "committed <n>" after each, until its parent SIGKILLs it.
 */
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../../log/logger';
import { CityService } from '../city-service';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: import-until-killed.ts <dataDir>');

const service = new CityService({ resourcesDir: fileURLToPath(new URL('../../../../../resources', import.meta.url)), dataDir, log: silentLogger });
await service.load();

// Big enough (~100 kB) that a kill often lands in the middle of writing one.
const layer = JSON.stringify({
  type: 'FeatureCollection',
  features: Array.from({ length: 3000 }, (_, i) => ({
    type: 'Feature',
    properties: { n: i },
    geometry: { type: 'Point', coordinates: [107.08 + (i % 60) * 0.0008, 16.8 + Math.floor(i / 60) * 0.0008] },
  })),
});

for (let n = 1; n <= 10_000; n++) {
  await service.importUserLayer({ name: `Lớp ${n}`, geojson: layer, importedBy: 'crash-test' });
  process.stdout.write(`committed ${n}\n`);
}
