/**
 * Plate bench: ms per plate read (p50/p95) and exact-match accuracy on rendered Vietnamese plates,
 * separately for one-row and two-row layouts and per augmentation, for both OCR engines (PaddleOCR
 * v4 on onnxruntime-node, and the lighter tesseract.js fallback) side by side; the OpenCV sample
 * licenseplate_motion.jpg (not a Vietnamese plate); and plate search over 1 M stored reads.
 *
 *   npm run bench:plates                     # 200 one-row + 200 two-row, 1 M reads
 *   npm run bench:plates -- --per-layout 50 --rows 200000
 *   npm run bench:plates -- --engine tesseract   # paddle | tesseract | both (default)
 *
 * Data: plates rendered by src/simulators/plates (DejaVu Sans Condensed Bold, deterministic by seed).
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { decodeImage } from '../src/main/services/vision/plates/decode-image';
import { coreMigrations } from '../src/main/services/store/migrations';
import { StoreService } from '../src/main/services/store/store-service';
import { plateReadColumns, watchlistMigrations } from '../src/main/services/watchlist/watchlist-migrations';
import { WatchlistService } from '../src/main/services/watchlist/watchlist-service';
import { canonicalKey, foldPlate } from '../src/shared/domain/plates';
import { labelledPlateSet, randomPlateText, renderLabelled } from '../src/simulators/plates/plate-set';
import { seededRandom } from '../src/simulators/plates/render-plate';
import { createPlateReader, type PlateReader } from '../src/workers/plates/plate-reader';
import { createTesseractPlateReader } from '../src/workers/plates/tesseract-reader';

const { values } = parseArgs({ options: { 'per-layout': { type: 'string', default: '200' }, rows: { type: 'string', default: '1000000' }, threads: { type: 'string', default: '1' }, engine: { type: 'string', default: 'both' } } });
const perLayout = Number(values['per-layout']);
const rows = Number(values.rows);
const threads = Number(values.threads);
const engines = values.engine === 'both' ? (['paddle', 'tesseract'] as const) : ([values.engine] as ('paddle' | 'tesseract')[]);
if (!engines.every((e) => e === 'paddle' || e === 'tesseract')) throw new Error('--engine must be paddle, tesseract or both');
type Cell = { n: number; ok: number; ms: number[]; cpu: number[] };
const engineName = { paddle: 'PaddleOCR v4 det+rec ONNX on onnxruntime-node', tesseract: 'tesseract.js 7 (LSTM, eng 4.0.0) after the stroke-density plate finder' } as const;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]! : NaN;
};

async function readBench(engine: 'paddle' | 'tesseract'): Promise<Map<string, Cell>> {
  const loadStart = performance.now();
  const reader: PlateReader = engine === 'paddle' ? await createPlateReader({ threads }) : await createTesseractPlateReader();
  const loadMs = performance.now() - loadStart;
  const set = labelledPlateSet(perLayout, 2026);
  const cells = new Map<string, Cell>();
  const misses: string[] = [];
  const cell = (k: string) => cells.get(k) ?? cells.set(k, { n: 0, ok: 0, ms: [], cpu: [] }).get(k)!;
  // Warm-up: the first runs of a session pay for graph allocation.
  for (const p of set.slice(0, 3)) {
    const s = renderLabelled(p);
    await reader.read(s.image, [{ x: 0, y: 0, w: s.image.width, h: s.image.height }]);
  }
  for (const p of set) {
    const s = renderLabelled(p);
    const t = performance.now();
    const c0 = process.cpuUsage();
    const res = await reader.read(s.image, [{ x: 0, y: 0, w: s.image.width, h: s.image.height }]);
    const ms = performance.now() - t;
    const cu = process.cpuUsage(c0);
    const cpuMs = (cu.user + cu.system) / 1000;
    // Exact match: the single best plate read equals the label character for character.
    const ok = res.length > 0 && res[0]!.text === p.text;
    if (!ok) misses.push(`${p.layout}/${p.augmentation}: ${p.text} → ${res.map((r) => `${r.text} (${r.raw}, ${r.confidence.toFixed(2)})`).join(' | ') || 'nothing'}`);
    for (const k of [p.layout, `${p.layout}/${p.augmentation}`, 'all']) {
      const c = cell(k);
      c.n++;
      c.ok += ok ? 1 : 0;
      c.ms.push(ms);
      c.cpu.push(cpuMs);
    }
  }
  console.log(`\nPlate reads: ${engineName[engine]}${engine === 'paddle' ? `, ${threads} thread(s)` : ''}, vehicle crop 320×240; loaded in ${loadMs.toFixed(0)} ms`);
  // CPU ms (user+system of this process, single-threaded inference) is what one read costs a
  // core; wall ms also counts waiting for a core when the machine is shared.
  console.log(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
  console.log('set'.padEnd(22), 'n'.padStart(5), 'exact'.padStart(8), 'wall p50'.padStart(9), 'wall p95'.padStart(9), 'cpu p50'.padStart(8), 'cpu p95'.padStart(8));
  for (const [k, c] of [...cells.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const f = (xs: number[], p: number, w: number) => pct(xs, p).toFixed(1).padStart(w);
    console.log(k.padEnd(22), String(c.n).padStart(5), `${((100 * c.ok) / c.n).toFixed(1)}%`.padStart(8), f(c.ms, 0.5, 9), f(c.ms, 0.95, 9), f(c.cpu, 0.5, 8), f(c.cpu, 0.95, 8));
  }
  if (misses.length) console.log(`\nmisses (${misses.length}):\n  ${misses.slice(0, engine === 'paddle' ? 40 : 15).join('\n  ')}`);

  const sample = '/usr/share/doc/opencv-doc/examples/data/licenseplate_motion.jpg';
  if (existsSync(sample)) {
    const img = await decodeImage(sample);
    const t = performance.now();
    const plates = await reader.read(img);
    const ms = performance.now() - t;
    const text = await reader.readText(img);
    console.log(`\n${sample} (${img.width}×${img.height}, whole image, ${ms.toFixed(0)} ms): plates ${JSON.stringify(plates.map((p) => p.text))}, text lines ${JSON.stringify(text.map((l) => l.text))}`);
    console.log('  (OpenCV\'s motion-deblur sample: a heavily motion-blurred non-Vietnamese plate; nothing legible is expected without deblurring.)');
  } else {
    console.log(`\n${sample} not found (install opencv-doc)`);
  }
  await reader.dispose();
  return cells;
}

/** Both engines on the same plates, one row per set: exact-match % and per-read times. */
function sideBySide(results: Map<'paddle' | 'tesseract', Map<string, Cell>>): void {
  const [a, b] = [results.get('paddle')!, results.get('tesseract')!];
  const f = (c: Cell | undefined, what: 'ok' | 'cpu' | 'ms') => (!c ? '-' : what === 'ok' ? `${((100 * c.ok) / c.n).toFixed(1)}%` : pct(c[what], 0.5).toFixed(1));
  console.log(`\nSide by side on the same ${perLayout * 2} rendered plates (load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')})`);
  console.log('set'.padEnd(22), 'paddle exact'.padStart(13), 'tess. exact'.padStart(12), 'paddle cpu p50'.padStart(15), 'tess. cpu p50'.padStart(14), 'paddle wall p50'.padStart(16), 'tess. wall p50'.padStart(15));
  for (const k of [...a.keys()].sort()) {
    const [x, y] = [a.get(k), b.get(k)];
    console.log(k.padEnd(22), f(x, 'ok').padStart(13), f(y, 'ok').padStart(12), f(x, 'cpu').padStart(15), f(y, 'cpu').padStart(14), f(x, 'ms').padStart(16), f(y, 'ms').padStart(15));
  }
}

async function searchBench(): Promise<void> {
  const store = await StoreService.open({ path: ':memory:', migrations: [...coreMigrations, ...watchlistMigrations] });
  const rnd = seededRandom(7);
  const start = Date.parse('2026-01-01T00:00:00Z');
  const t0 = performance.now();
  const batch = 100_000;
  for (let done = 0; done < rows; done += batch) {
    const chunk: Array<Array<string | number | boolean | Date | null>> = [];
    for (let i = done; i < Math.min(rows, done + batch); i++) {
      const plate = randomPlateText(rnd, rnd() < 0.5 ? 'one-row' : 'two-row');
      chunk.push([`r${i}`, new Date(start + i * 2_000), `cam-${i % 40}`, plate, foldPlate(canonicalKey(plate)), plate, 0.9, plate.includes(' ') ? 'two-row' : 'one-row', true, null, null, null, null]);
    }
    await store.appendRows('plate_reads', plateReadColumns, chunk);
  }
  console.log(`\nPlate search over ${rows.toLocaleString('en')} stored reads (DuckDB in memory; loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  const svc = new WatchlistService({ store });
  const probe = (await svc.recent(1))[0]!.plate;
  const queries: Array<[string, Parameters<WatchlistService['search']>[0]]> = [
    ['full plate', { query: probe, prefix: false, hitsOnly: false, limit: 50, offset: 0 }],
    ['prefix "51F"', { query: '51F', prefix: true, hitsOnly: false, limit: 50, offset: 0 }],
    ['substring "123"', { query: '123', prefix: false, hitsOnly: false, limit: 50, offset: 0 }],
    ['substring page 20', { query: '123', prefix: false, hitsOnly: false, limit: 50, offset: 1000 }],
    ['wildcard "5?-X*45"', { query: '5?X*45', prefix: false, hitsOnly: false, limit: 50, offset: 0 }],
    ['confusable "S1F-I2"', { query: 'S1F-I2', prefix: false, hitsOnly: false, limit: 50, offset: 0 }],
    ['rare "99Z-999"', { query: '99Z999', prefix: false, hitsOnly: false, limit: 50, offset: 0 }],
  ];
  for (const [name, q] of queries) {
    const ms: number[] = [];
    let n = 0;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      n = (await svc.search(q)).rows.length;
      ms.push(performance.now() - t);
    }
    console.log(`  ${name.padEnd(22)} ${String(n).padStart(3)} rows  p50 ${pct(ms, 0.5).toFixed(1)} ms  max ${Math.max(...ms).toFixed(1)} ms`);
  }
  await svc.add({ plate: probe, reason: 'bench' }, 'bench');
  const tm = performance.now();
  for (let i = 0; i < 10_000; i++) await svc.match(i % 2 ? probe : '51F-000.01');
  console.log(`  watchlist match        ${(((performance.now() - tm) * 1000) / 10_000).toFixed(1)} µs per read`);
  svc.dispose();
  await store.dispose();
}

const byEngine = new Map<'paddle' | 'tesseract', Map<string, Cell>>();
for (const engine of engines) byEngine.set(engine, await readBench(engine));
if (byEngine.size === 2) sideBySide(byEngine);
if (rows > 0) await searchBench();
