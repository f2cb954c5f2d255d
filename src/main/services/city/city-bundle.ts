import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeatureCollection, Geometry } from 'geojson';
import type { z } from 'zod';
import {
  cityAssetsSchema,
  cityOverviewSchema,
  landmarkFeaturePropertiesSchema,
  roadFeaturePropertiesSchema,
  wardFeaturePropertiesSchema,
  waterFeaturePropertiesSchema,
  type CityAssets,
  type CityOverview,
} from '../../../shared/domain/city';
import { parseGeoJsonText } from '../../../shared/domain/geojson';

/** Everything a city ships: its overview, its four basemap layers and its field assets. */
export interface CityBundle {
  overview: CityOverview;
  basemap: { wards: FeatureCollection; roads: FeatureCollection; water: FeatureCollection; landmarks: FeatureCollection };
  assets: CityAssets;
}

/** A shipped file that cannot be used; start-up stops with the file's name and what is wrong. */
export class CityDataError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`city data file ${file}: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`);
    this.name = 'CityDataError';
  }
}

interface LayerRule {
  file: string;
  properties: z.ZodType;
  geometry: readonly Geometry['type'][];
}

const layerRules = {
  wards: { file: 'wards.geojson', properties: wardFeaturePropertiesSchema, geometry: ['Polygon', 'MultiPolygon'] },
  roads: { file: 'roads.geojson', properties: roadFeaturePropertiesSchema, geometry: ['LineString', 'MultiLineString'] },
  water: { file: 'water.geojson', properties: waterFeaturePropertiesSchema, geometry: ['Polygon', 'MultiPolygon', 'LineString', 'MultiLineString'] },
  landmarks: { file: 'landmarks.geojson', properties: landmarkFeaturePropertiesSchema, geometry: ['Point'] },
} as const satisfies Record<keyof CityBundle['basemap'], LayerRule>;

/** Reads and validates a city folder (city.json, the four .geojson layers, assets.json). */
export async function readCityBundle(dir: string): Promise<CityBundle> {
  const [overview, wards, roads, water, landmarks, assets] = await Promise.all([
    readJson(dir, 'city.json', cityOverviewSchema),
    readLayer(dir, layerRules.wards),
    readLayer(dir, layerRules.roads),
    readLayer(dir, layerRules.water),
    readLayer(dir, layerRules.landmarks),
    readJson(dir, 'assets.json', cityAssetsSchema),
  ]);
  return { overview, basemap: { wards, roads, water, landmarks }, assets };
}

async function readText(dir: string, file: string): Promise<string> {
  try {
    return await readFile(join(dir, file), 'utf8');
  } catch (err) {
    throw new CityDataError(file, [`cannot read ${join(dir, file)}: ${(err as Error).message}`]);
  }
}

async function readJson<S extends z.ZodType>(dir: string, file: string, schema: S): Promise<z.output<S>> {
  const text = await readText(dir, file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CityDataError(file, [`not valid JSON: ${(err as Error).message}`]);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new CityDataError(
      file,
      parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`),
    );
  }
  return parsed.data;
}

async function readLayer(dir: string, rule: LayerRule): Promise<FeatureCollection> {
  const result = parseGeoJsonText(await readText(dir, rule.file));
  if (!result.ok) throw new CityDataError(rule.file, result.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)));
  const problems: string[] = [];
  result.collection.features.forEach((feature, i) => {
    const properties = rule.properties.safeParse(feature.properties);
    if (!properties.success) {
      problems.push(...properties.error.issues.map((issue) => `features[${i}].properties.${issue.path.join('.')}: ${issue.message}`));
    }
    if (!feature.geometry || !rule.geometry.includes(feature.geometry.type)) {
      problems.push(`features[${i}].geometry: expected ${rule.geometry.join(' or ')}, found ${feature.geometry?.type ?? 'null'}`);
    }
  });
  if (problems.length > 0) throw new CityDataError(rule.file, problems);
  return result.collection;
}
