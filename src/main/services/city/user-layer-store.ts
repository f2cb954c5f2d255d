import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { z } from 'zod';
import type { UserLayer } from '../../../shared/contract/methods/city';
import { parseGeoJsonText } from '../../../shared/domain/geojson';
import type { Logger } from '../log/logger';
import { syncDirectory, tempSuffix, writeFileAtomic } from './atomic-file';

/**
 * GeoJSON layers imported by operators, kept as files under `<dir>`: one `<id>.geojson` per
 * layer and `index.json`, which is the commit point. A layer file is written (atomically)
 * before the index names it, and the index forgets a layer before its file is deleted, so a
 * crash at any moment leaves the previous committed state. Whatever a reload finds that the
 * index does not vouch for is moved to `quarantine/` with a reason, never deleted.
 */

export const indexFileName = 'index.json';
export const quarantineDirName = 'quarantine';
const layerExtension = '.geojson';

/** Ids become file names: nothing but lowercase letters, digits and dashes. */
const layerIdSchema = z.string().regex(/^layer-[a-z0-9-]{1,58}$/);

const layerMetaSchema = z.object({
  id: layerIdSchema,
  name: z.string().min(1).max(120),
  featureCount: z.number().int().nonnegative(),
  importedAt: z.string(),
  importedBy: z.string(),
});
type LayerMeta = z.infer<typeof layerMetaSchema>;

const indexSchema = z.object({ version: z.literal(1), layers: z.array(layerMetaSchema) });

/** Written into each layer file as a foreign member, so a lost index can be rebuilt. */
const metaMember = 'iocConsoleLayer';

export interface UserLayerStoreOptions {
  dir: string;
  log: Logger;
  now?: () => Date;
  newId?: () => string;
}

export interface LoadReport {
  layers: number;
  /** Files moved to quarantine during this load. */
  quarantined: string[];
}

export class UserLayerStore {
  private layers: UserLayer[] = [];
  private tail: Promise<unknown> = Promise.resolve();
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(private readonly options: UserLayerStoreOptions) {
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? (() => `layer-${randomUUID()}`);
  }

  get dir(): string {
    return this.options.dir;
  }

  list(): UserLayer[] {
    return [...this.layers];
  }

  /** Reads what is on disk; anything it cannot vouch for goes to quarantine. */
  load(): Promise<LoadReport> {
    return this.serially(() => this.loadNow());
  }

  add(meta: { name: string; importedBy: string }, collection: FeatureCollection, featureCount: number): Promise<UserLayer> {
    return this.serially(async () => {
      const layer: UserLayer = {
        id: layerIdSchema.parse(this.newId()),
        name: meta.name,
        featureCount,
        importedAt: this.now().toISOString(),
        importedBy: meta.importedBy,
        data: collection,
      };
      const path = this.layerPath(layer.id);
      await writeFileAtomic(path, layerFileText(layer));
      const next = [...this.layers, layer];
      try {
        await this.writeIndex(next);
      } catch (err) {
        // Not committed: take the file back now rather than leave it for the next load to set aside.
        await rm(path, { force: true }).catch(() => undefined);
        throw err;
      }
      this.layers = next;
      return layer;
    });
  }

  /** False when no such layer exists. */
  remove(id: string): Promise<boolean> {
    return this.serially(async () => {
      if (!this.layers.some((l) => l.id === id)) return false;
      const next = this.layers.filter((l) => l.id !== id);
      await this.writeIndex(next);
      this.layers = next;
      await rm(this.layerPath(id), { force: true });
      await syncDirectory(this.dir);
      return true;
    });
  }

  /** Resolves when every change asked for so far is on disk. */
  async idle(): Promise<void> {
    await this.tail.catch(() => undefined);
  }

  private async loadNow(): Promise<LoadReport> {
    await mkdir(this.dir, { recursive: true });
    const quarantined: string[] = [];
    const quarantine = async (file: string, reason: string) => {
      quarantined.push(await this.quarantine(file, reason));
    };

    const names = (await readdir(this.dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
    for (const name of names.filter((n) => n.endsWith(tempSuffix))) {
      await quarantine(name, 'incomplete write left behind by an interrupted save');
    }

    const index = await this.readIndex(quarantine);
    const layers: UserLayer[] = [];
    const claimed = new Set<string>();
    for (const meta of index.layers) {
      const file = `${meta.id}${layerExtension}`;
      if (claimed.has(file)) continue;
      claimed.add(file);
      if (!names.includes(file)) {
        this.options.log.warn('user layer listed in the index has no file; dropped from the list', { id: meta.id, name: meta.name });
        continue;
      }
      const loaded = await this.readLayerFile(file);
      if (typeof loaded === 'string') await quarantine(file, loaded);
      else layers.push({ ...meta, featureCount: loaded.featureCount, data: loaded.collection });
    }

    for (const file of names.filter((n) => n.endsWith(layerExtension) && !claimed.has(n))) {
      if (index.trusted) {
        await quarantine(file, 'not listed in index.json: an import was interrupted before it was committed, or a removal before the file was deleted');
        continue;
      }
      // The index was lost: take back layers whose files still say what they are.
      const loaded = await this.readLayerFile(file, true);
      if (typeof loaded === 'string') await quarantine(file, loaded);
      else {
        layers.push({ ...loaded.meta, featureCount: loaded.featureCount, data: loaded.collection });
        this.options.log.warn('user layer recovered from its file after the index was lost', { id: loaded.meta.id, name: loaded.meta.name });
      }
    }

    this.layers = layers;
    if (!index.trusted || quarantined.length > 0 || layers.length !== index.layers.length) await this.writeIndex(layers);
    return { layers: layers.length, quarantined };
  }

  /** `trusted` is false when there was an index but it could not be read. */
  private async readIndex(quarantine: (file: string, reason: string) => Promise<void>): Promise<{ layers: LayerMeta[]; trusted: boolean }> {
    let text: string;
    try {
      text = await readFile(join(this.dir, indexFileName), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { layers: [], trusted: true };
      throw err;
    }
    let reason: string;
    try {
      const parsed = indexSchema.safeParse(JSON.parse(text));
      if (parsed.success) return { layers: parsed.data.layers, trusted: true };
      reason = `index.json does not match its schema: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
    } catch (err) {
      reason = `index.json is not valid JSON: ${(err as Error).message}`;
    }
    await quarantine(indexFileName, reason);
    return { layers: [], trusted: false };
  }

  /** The layer, or why the file cannot be used. */
  private async readLayerFile(
    file: string,
    needMeta = false,
  ): Promise<string | { collection: FeatureCollection; featureCount: number; meta: LayerMeta }> {
    const text = await readFile(join(this.dir, file), 'utf8');
    const result = parseGeoJsonText(text);
    if (!result.ok) return `not a valid GeoJSON layer: ${result.errors.slice(0, 3).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ')}`;
    let meta: LayerMeta | undefined;
    if (needMeta) {
      const parsed = layerMetaSchema.safeParse((JSON.parse(text) as Record<string, unknown>)[metaMember]);
      if (!parsed.success || `${parsed.data.id}${layerExtension}` !== file) return 'the index was lost and this file does not say which layer it is';
      meta = parsed.data;
    }
    return { collection: result.collection, featureCount: result.featureCount, meta: meta as LayerMeta };
  }

  private async writeIndex(layers: readonly UserLayer[]): Promise<void> {
    const index = { version: 1, layers: layers.map(({ data: _data, ...meta }) => meta) };
    await writeFileAtomic(join(this.dir, indexFileName), `${JSON.stringify(index, null, 2)}\n`);
  }

  /** Moves a file aside with a note saying why; returns where it went. */
  private async quarantine(file: string, reason: string): Promise<string> {
    const dir = join(this.dir, quarantineDirName);
    await mkdir(dir, { recursive: true });
    const stamp = this.now().toISOString().replace(/[:.]/g, '-');
    const target = join(dir, `${stamp}-${randomUUID().slice(0, 8)}-${file.replace(/^\.+/, '')}`);
    await rename(join(this.dir, file), target);
    await writeFile(`${target}.reason.txt`, `${reason}\nmoved from ${join(this.dir, file)} at ${this.now().toISOString()}\n`);
    await syncDirectory(this.dir);
    this.options.log.warn('user layer file moved to quarantine', { file, reason, movedTo: target });
    return target;
  }

  private layerPath(id: string): string {
    return join(this.dir, `${layerIdSchema.parse(id)}${layerExtension}`);
  }

  /** One change at a time: two imports must not both rewrite the index from the same old list. */
  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task, task);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

function layerFileText(layer: UserLayer): string {
  const { data, ...meta } = layer;
  return JSON.stringify({ type: 'FeatureCollection', [metaMember]: meta, features: (data as FeatureCollection).features });
}
