import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NgsiEntityType } from '../../../shared/domain/analytics';
import type { CityAssets } from '../../../shared/domain/city';
import { AnalyticsError, type AnalyticsStore } from '../analytics-store/analytics-store';
import { isDiskFull, removePartial } from '../analytics-store/disk-full';
import type { StoreService } from '../store/store-service';
import { toNormalized } from './ngsi-ld';
import { exportEntities } from './ngsi-ld-export';
import { validateEntities } from './ngsi-ld-validate';

export class NgsiExportError extends Error {
  constructor(
    readonly code: 'INVALID_ENTITY' | 'EXISTS',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'NgsiExportError';
  }
}

export interface NgsiFileOptions {
  analytics: AnalyticsStore;
  store: StoreService;
  assets: CityAssets;
  station: string;
  /** The data folder's exports/: the console picks the file name, never the caller. */
  dir: string;
  from: Date;
  to: Date;
  types: readonly NgsiEntityType[];
  form: 'normalized' | 'keyValues';
  now?: () => Date;
}

export interface NgsiFileResult {
  path: string;
  fileName: string;
  entities: number;
  byType: Record<string, number>;
  bytes: number;
}

/**
 * Writes the range's entities of the chosen types as one JSON array (NGSI-LD normalized with
 * its @context, or key-values), after every entity validated against its Smart Data Model.
 * Written under `.part` and renamed, never over an existing file; a full disk is refused early
 * and cleaned up after.
 */
export async function exportNgsiLdFile(o: NgsiFileOptions): Promise<NgsiFileResult> {
  o.analytics.assertCanWrite('NGSI-LD export');
  await o.analytics.refreshRollups();
  const entities = await exportEntities({ analytics: o.analytics, store: o.store, assets: o.assets, station: o.station, from: o.from, to: o.to, types: o.types });
  const problems = validateEntities(entities);
  if (problems.length) {
    throw new NgsiExportError('INVALID_ENTITY', `${problems.length} of ${entities.length} entities do not match their Smart Data Model (first: ${problems[0]!.id}: ${problems[0]!.errors.slice(0, 3).join('; ')}); nothing was written`, problems.slice(0, 20));
  }
  const byType: Record<string, number> = Object.fromEntries(o.types.map((t) => [t, 0]));
  for (const e of entities) byType[e.type] = (byType[e.type] ?? 0) + 1;
  const body = JSON.stringify(o.form === 'normalized' ? entities.map(toNormalized) : entities, null, 1);
  const stamp = (o.now ?? (() => new Date()))().toISOString().replace(/[:.]/g, '-');
  const fileName = `ioc-ngsi-ld-${o.form}-${stamp}.json${o.form === 'normalized' ? 'ld' : ''}`;
  const path = join(o.dir, fileName);
  if (existsSync(path)) throw new NgsiExportError('EXISTS', `will not overwrite ${path}`);
  mkdirSync(o.dir, { recursive: true });
  try {
    writeFileSync(`${path}.part`, body);
    renameSync(`${path}.part`, path);
  } catch (err) {
    removePartial(`${path}.part`);
    if (!isDiskFull(err)) throw err;
    o.analytics.noteWriteFailure(err);
    throw new AnalyticsError('DISK_FULL', `NGSI-LD export to ${path} failed: the disk is full (${(err as Error).message})`, { cause: err });
  }
  return { path, fileName, entities: entities.length, byType, bytes: Buffer.byteLength(body) };
}
