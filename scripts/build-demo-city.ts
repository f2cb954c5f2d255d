/**
 * Regenerates resources/demo-city/ from the drawing in scripts/demo-city/.
 *   node_modules/.bin/tsx scripts/build-demo-city.ts          write the files
 *   node_modules/.bin/tsx scripts/build-demo-city.ts --check  exit 1 if the committed files differ
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDemoCity } from './demo-city/build';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'demo-city');

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const files = buildDemoCity();
  const stale: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const path = join(outDir, name);
    if (check) {
      const current = await readFile(path, 'utf8').catch(() => null);
      if (current !== text) stale.push(name);
    } else {
      await writeFile(path, text);
      console.log(`wrote ${path} (${Buffer.byteLength(text)} bytes)`);
    }
  }
  if (stale.length > 0) {
    console.error(`out of date: ${stale.join(', ')}; run node_modules/.bin/tsx scripts/build-demo-city.ts`);
    process.exitCode = 1;
  }
}

await main();
