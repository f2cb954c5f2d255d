import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RpcError } from '../../../shared/contract/errors';
import type { UserLayersChange } from './city-service';
import { indexFileName, quarantineDirName } from './user-layer-store';
import { makeCityService, makeTempDir, smallLayer, type TempDir } from './test-support';

let tmp: TempDir;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

const layersDir = () => join(tmp.path, 'layers');
const quarantined = () => (existsSync(join(layersDir(), quarantineDirName)) ? readdirSync(join(layersDir(), quarantineDirName)).sort() : []);
const layerFiles = () => readdirSync(layersDir()).filter((n) => n !== quarantineDirName).sort();

async function importError(promise: Promise<unknown>): Promise<RpcError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RpcError);
  return err as RpcError;
}

describe('CityService user layers: import', () => {
  it('imports a valid file, persists it and announces the change', async () => {
    const { service } = await makeCityService(tmp.path);
    const changes: UserLayersChange[] = [];
    service.onDidChangeUserLayers((c) => changes.push(c));

    const layer = await service.importUserLayer({ name: '  Điểm ngập 2025 ', geojson: smallLayer(), importedBy: 'trucban' });
    expect(layer).toMatchObject({
      id: 'layer-test-1',
      name: 'Điểm ngập 2025',
      featureCount: 2,
      importedAt: '2026-11-22T08:00:00.000Z',
      importedBy: 'trucban',
      data: { type: 'FeatureCollection' },
    });
    expect(service.listUserLayers()).toEqual([layer]);
    expect(changes).toEqual([{ kind: 'imported', layerId: 'layer-test-1' }]);
    expect(layerFiles()).toEqual([indexFileName, 'layer-test-1.geojson']);

    // A fresh service over the same data folder sees the same layer.
    const { service: reloaded } = await makeCityService(tmp.path);
    expect(reloaded.listUserLayers()).toEqual([layer]);
  });

  it('stores a normalised collection: a single geometry becomes a FeatureCollection', async () => {
    const { service } = await makeCityService(tmp.path);
    const layer = await service.importUserLayer({ name: 'Một điểm', geojson: '{"type":"Point","coordinates":[107.1,16.82]}', importedBy: 'a' });
    expect(layer.data).toEqual({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: null, geometry: { type: 'Point', coordinates: [107.1, 16.82] } }] });
  });

  it('logs a warning, but imports, when nothing lies near the city', async () => {
    const { service, log } = await makeCityService(tmp.path);
    await service.importUserLayer({ name: 'Hà Nội', geojson: '{"type":"Point","coordinates":[105.85,21.03]}', importedBy: 'a' });
    expect(log.warnings().find((w) => w.message === 'user layer imported with warnings')?.meta?.warnings).toEqual([
      expect.stringContaining('nothing lies within'),
    ]);
  });

  it('refuses a malformed file with the error list and changes nothing', async () => {
    const { service } = await makeCityService(tmp.path);
    const first = await service.importUserLayer({ name: 'ok', geojson: smallLayer(), importedBy: 'a' });
    const changes: UserLayersChange[] = [];
    service.onDidChangeUserLayers((c) => changes.push(c));
    const before = readFileSync(join(layersDir(), indexFileName), 'utf8');

    const err = await importError(service.importUserLayer({ name: 'hỏng', geojson: '{"type":"FeatureCollection","features":[', importedBy: 'a' }));
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toMatch(/^the GeoJSON file was refused: not valid JSON: unexpected end of input at line 1, column 41$/);
    expect(err.details).toEqual({ errors: [{ path: '', message: expect.stringContaining('not valid JSON') }], errorCount: 1 });

    const open = await importError(
      service.importUserLayer({
        name: 'vòng hở',
        geojson: JSON.stringify({ type: 'Polygon', coordinates: [[[107.1, 16.8], [107.11, 16.8], [107.11, 16.81], [107.1, 16.81]]] }),
        importedBy: 'a',
      }),
    );
    expect(open.message).toBe('the GeoJSON file was refused: geometry.coordinates[0]: a linear ring must be closed: its last position must equal its first');

    expect(service.listUserLayers()).toEqual([first]);
    expect(changes).toEqual([]);
    expect(readFileSync(join(layersDir(), indexFileName), 'utf8')).toBe(before);
    expect(layerFiles()).toEqual([indexFileName, 'layer-test-1.geojson']);
  });

  it('says how many more errors there are than it lists', async () => {
    const { service } = await makeCityService(tmp.path);
    const bad = JSON.stringify({
      type: 'FeatureCollection',
      features: Array.from({ length: 25 }, () => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [200, 0] } })),
    });
    const err = await importError(service.importUserLayer({ name: 'x', geojson: bad, importedBy: 'a' }));
    expect(err.message).toMatch(/\(and 24 more\)$/);
    expect((err.details as { errors: unknown[] }).errors).toHaveLength(20);
  });

  it('refuses a file with no features', async () => {
    const { service } = await makeCityService(tmp.path);
    const err = await importError(service.importUserLayer({ name: 'x', geojson: '{"type":"FeatureCollection","features":[]}', importedBy: 'a' }));
    expect(err.message).toBe('the GeoJSON file holds no features');
  });

  it('serialises concurrent imports so none is lost from the index', async () => {
    const { service } = await makeCityService(tmp.path);
    await Promise.all(Array.from({ length: 8 }, (_, i) => service.importUserLayer({ name: `L${i}`, geojson: smallLayer(), importedBy: 'a' })));
    const { service: reloaded } = await makeCityService(tmp.path);
    expect(reloaded.listUserLayers().map((l) => l.name).sort()).toEqual(['L0', 'L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7']);
  });
});

describe('CityService user layers: removal', () => {
  it('removes a layer and its file, and announces it', async () => {
    const { service } = await makeCityService(tmp.path);
    const a = await service.importUserLayer({ name: 'a', geojson: smallLayer(), importedBy: 'x' });
    const b = await service.importUserLayer({ name: 'b', geojson: smallLayer(), importedBy: 'x' });
    const changes: UserLayersChange[] = [];
    service.onDidChangeUserLayers((c) => changes.push(c));

    await service.removeUserLayer(a.id);
    expect(service.listUserLayers()).toEqual([b]);
    expect(changes).toEqual([{ kind: 'removed', layerId: a.id }]);
    expect(layerFiles()).toEqual([indexFileName, `${b.id}.geojson`]);
    const { service: reloaded } = await makeCityService(tmp.path);
    expect(reloaded.listUserLayers().map((l) => l.id)).toEqual([b.id]);
  });

  it('answers NOT_FOUND for an unknown id, including one that tries to leave the folder', async () => {
    const { service } = await makeCityService(tmp.path);
    for (const id of ['layer-nope', '../index', '../../etc/passwd']) {
      const err = await importError(service.removeUserLayer(id));
      expect(err.code).toBe('NOT_FOUND');
    }
  });
});

describe('CityService user layers: crash safety', () => {
  it('sets aside a temporary file left by a crash mid-write and keeps the committed layers', async () => {
    const { service } = await makeCityService(tmp.path);
    const kept = await service.importUserLayer({ name: 'kept', geojson: smallLayer(), importedBy: 'a' });
    // What a crash during the next import's write leaves: half a temporary file.
    writeFileSync(join(layersDir(), '.layer-test-2.geojson.1a2b3c.tmp'), smallLayer().slice(0, 50));

    const { service: reloaded, log } = await makeCityService(tmp.path);
    expect(reloaded.listUserLayers()).toEqual([kept]);
    expect(layerFiles()).toEqual([indexFileName, `${kept.id}.geojson`]);
    expect(quarantined()).toEqual([expect.stringMatching(/layer-test-2\.geojson\.1a2b3c\.tmp$/), expect.stringMatching(/\.tmp\.reason\.txt$/)]);
    const note = quarantined().find((n) => n.endsWith('.reason.txt'))!;
    expect(readFileSync(join(layersDir(), quarantineDirName, note), 'utf8')).toContain('interrupted save');
    expect(log.warnings().map((w) => w.message)).toContain('user layer file moved to quarantine');
  });

  it('sets aside a layer file that was written but never committed to the index', async () => {
    const { service } = await makeCityService(tmp.path);
    const kept = await service.importUserLayer({ name: 'kept', geojson: smallLayer(), importedBy: 'a' });
    const index = readFileSync(join(layersDir(), indexFileName), 'utf8');
    await service.importUserLayer({ name: 'uncommitted', geojson: smallLayer(), importedBy: 'a' });
    // Roll the index back to before the second import: as if the crash hit between the two renames.
    writeFileSync(join(layersDir(), indexFileName), index);

    const { service: reloaded } = await makeCityService(tmp.path);
    expect(reloaded.listUserLayers()).toEqual([kept]);
    const reason = quarantined().find((n) => n.endsWith('layer-test-2.geojson.reason.txt'));
    expect(reason).toBeDefined();
    expect(readFileSync(join(layersDir(), quarantineDirName, reason!), 'utf8')).toContain('not listed in index.json');
  });

  it('quarantines a corrupt layer file and keeps the others', async () => {
    const { service } = await makeCityService(tmp.path);
    const a = await service.importUserLayer({ name: 'a', geojson: smallLayer(), importedBy: 'x' });
    const b = await service.importUserLayer({ name: 'b', geojson: smallLayer(), importedBy: 'x' });
    writeFileSync(join(layersDir(), `${a.id}.geojson`), '{"type":"FeatureCollection","features":[{"type":"Feature"');

    const { service: reloaded, log } = await makeCityService(tmp.path);
    expect(reloaded.listUserLayers()).toEqual([b]);
    expect(quarantined()).toContain(quarantined().find((n) => n.endsWith(`${a.id}.geojson`)));
    expect(log.warnings().find((w) => w.message === 'user layer file moved to quarantine')?.meta?.reason).toMatch(/not a valid GeoJSON layer/);
    // The index was rewritten: the next load finds nothing more to set aside.
    const before = quarantined().length;
    const { service: again } = await makeCityService(tmp.path);
    expect(again.listUserLayers()).toEqual([b]);
    expect(quarantined()).toHaveLength(before);
  });

  it('quarantines a corrupt index and recovers the layers from their own files', async () => {
    const { service } = await makeCityService(tmp.path);
    const a = await service.importUserLayer({ name: 'a', geojson: smallLayer(), importedBy: 'x' });
    const b = await service.importUserLayer({ name: 'b', geojson: smallLayer(), importedBy: 'x' });
    writeFileSync(join(layersDir(), indexFileName), '{"version":1,"layers":[{"id"');

    const { service: reloaded } = await makeCityService(tmp.path);
    expect(reloaded.listUserLayers().sort((x, y) => x.id.localeCompare(y.id))).toEqual([a, b]);
    expect(quarantined().some((n) => n.endsWith(`-${indexFileName}`))).toBe(true);
  });

  it('does not adopt a stray layer file when there never was an index', async () => {
    mkdirSync(layersDir(), { recursive: true });
    const { service } = await makeCityService(join(tmp.path, 'elsewhere'));
    await service.importUserLayer({ name: 'x', geojson: smallLayer(), importedBy: 'x' });
    const stray = readFileSync(join(tmp.path, 'elsewhere', 'layers', 'layer-test-1.geojson'), 'utf8');
    writeFileSync(join(layersDir(), 'layer-test-1.geojson'), stray);

    const { service: fresh } = await makeCityService(tmp.path);
    expect(fresh.listUserLayers()).toEqual([]);
    expect(quarantined().some((n) => n.endsWith('layer-test-1.geojson'))).toBe(true);
  });

  it('refuses changes after dispose, once writes in flight have finished', async () => {
    const { service } = await makeCityService(tmp.path);
    const inFlight = service.importUserLayer({ name: 'a', geojson: smallLayer(), importedBy: 'x' });
    await service.dispose();
    await expect(inFlight).resolves.toMatchObject({ name: 'a' });
    const err = await importError(service.importUserLayer({ name: 'b', geojson: smallLayer(), importedBy: 'x' }));
    expect(err.code).toBe('UNAVAILABLE');
  });
});
