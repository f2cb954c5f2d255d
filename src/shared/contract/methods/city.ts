import { z } from 'zod';
import { defineMethod } from '../define';
import { cityAssetsSchema, cityOverviewSchema, searchHitSchema } from '../../domain/city';

const none = z.object({}).strict().optional();

/** A GeoJSON FeatureCollection as served to the map; its content was validated when it was loaded. */
export const featureCollectionWireSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.unknown()),
});

export const basemapLayersSchema = z.object({
  wards: featureCollectionWireSchema,
  roads: featureCollectionWireSchema,
  water: featureCollectionWireSchema,
  landmarks: featureCollectionWireSchema,
});

export const userLayerSchema = z.object({
  id: z.string(),
  name: z.string(),
  featureCount: z.number().int().nonnegative(),
  importedAt: z.string(),
  importedBy: z.string(),
  data: featureCollectionWireSchema,
});
export type UserLayer = z.infer<typeof userLayerSchema>;

export const basemapSourceSchema = z.object({
  kind: z.enum(['builtin', 'pmtiles', 'mbtiles']),
  name: z.string(),
  minZoom: z.number(),
  maxZoom: z.number(),
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
  /** Vector-tile layer names the file holds, so the map can style what it knows. */
  vectorLayers: z.array(z.string()),
});
export type BasemapSource = z.infer<typeof basemapSourceSchema>;

export const cityMethods = {
  'city.overview': defineMethod({ input: none, output: cityOverviewSchema, access: 'city.read', audit: false }),
  'city.basemap': defineMethod({ input: none, output: basemapLayersSchema, access: 'city.read', audit: false }),
  'city.assets': defineMethod({ input: none, output: cityAssetsSchema, access: 'city.read', audit: false }),
  /** Diacritic-insensitive: "dong ha" finds "Đông Hà". */
  'city.search': defineMethod({
    input: z.object({ query: z.string().trim().min(1).max(100), limit: z.number().int().min(1).max(50).default(20) }).strict(),
    output: z.array(searchHitSchema),
    access: 'city.read',
    audit: false,
  }),

  'map.userLayers.list': defineMethod({ input: none, output: z.array(userLayerSchema), access: 'city.read', audit: false }),
  /** `geojson` is the file's text; it is parsed and validated in the main process, and a bad file changes nothing. */
  'map.userLayers.import': defineMethod({
    input: z.object({ name: z.string().trim().min(1).max(120), geojson: z.string().min(1).max(20 * 1024 * 1024) }).strict(),
    output: userLayerSchema,
    access: 'map.edit',
    audit: true,
    redact: ['geojson'],
  }),
  'map.userLayers.remove': defineMethod({
    input: z.object({ id: z.string().min(1).max(64) }).strict(),
    output: z.object({ removed: z.literal(true) }),
    access: 'map.edit',
    audit: true,
  }),

  'basemap.source': defineMethod({ input: none, output: basemapSourceSchema, access: 'city.read', audit: false }),
  /** Opens a city's own offline basemap (PMTiles or MBTiles vector tiles) from a path on this station. */
  'basemap.open': defineMethod({
    input: z.object({ path: z.string().min(1).max(4096) }).strict(),
    output: basemapSourceSchema,
    access: 'map.edit',
    audit: true,
  }),
  'basemap.reset': defineMethod({ input: none, output: basemapSourceSchema, access: 'map.edit', audit: true }),
  /** One vector tile, base64 of the uncompressed MVT bytes; null where the file has no tile. */
  'basemap.tile': defineMethod({
    input: z.object({ z: z.number().int().min(0).max(24), x: z.number().int().min(0), y: z.number().int().min(0) }).strict(),
    output: z.object({ data: z.string().nullable() }),
    access: 'city.read',
    audit: false,
  }),
} as const;
