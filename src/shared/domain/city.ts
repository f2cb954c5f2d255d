import { z } from 'zod';

/** [longitude, latitude] in WGS84, as GeoJSON orders them. */
export const lngLatSchema = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
export type LngLat = z.infer<typeof lngLatSchema>;

export const localizedTextSchema = z.object({ vi: z.string(), en: z.string() });
export type LocalizedText = z.infer<typeof localizedTextSchema>;

export const wardSchema = z.object({
  id: z.string(),
  name: z.string(),
  center: lngLatSchema,
  /** [west, south, east, north] */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
});
export type Ward = z.infer<typeof wardSchema>;

export const cameraSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** AI cameras feed analytics; standard ones are watch-only. */
  kind: z.enum(['ai', 'standard']),
  wardId: z.string(),
  position: lngLatSchema,
  /** Degrees clockwise from north the camera looks at. */
  heading: z.number().min(0).lt(360),
  address: z.string(),
});
export type Camera = z.infer<typeof cameraSchema>;

export const routeSchema = z.object({
  id: z.string(),
  name: z.string(),
  intersectionIds: z.array(z.string()),
});
export type Route = z.infer<typeof routeSchema>;

export const intersectionSchema = z.object({
  id: z.string(),
  name: z.string(),
  wardId: z.string(),
  position: lngLatSchema,
  routeIds: z.array(z.string()),
});
export type Intersection = z.infer<typeof intersectionSchema>;

export const lightingCabinetSchema = z.object({
  id: z.string(),
  name: z.string(),
  street: z.string(),
  wardId: z.string(),
  position: lngLatSchema,
});
export type LightingCabinet = z.infer<typeof lightingCabinetSchema>;

export const lampSchema = z.object({
  id: z.string(),
  cabinetId: z.string(),
  position: lngLatSchema,
  powerW: z.number().positive(),
});
export type Lamp = z.infer<typeof lampSchema>;

export const floodGaugeSchema = z.object({
  id: z.string(),
  name: z.string(),
  wardId: z.string(),
  position: lngLatSchema,
  /** Water level in metres above the gauge zero for warning levels 1, 2, 3 (báo động 1/2/3). */
  thresholdsM: z.tuple([z.number(), z.number(), z.number()]),
  hasSiren: z.boolean(),
});
export type FloodGauge = z.infer<typeof floodGaugeSchema>;

export const iocSiteSchema = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  position: lngLatSchema,
});
export type IocSite = z.infer<typeof iocSiteSchema>;

export const cityAssetsSchema = z.object({
  cameras: z.array(cameraSchema),
  routes: z.array(routeSchema),
  intersections: z.array(intersectionSchema),
  lightingCabinets: z.array(lightingCabinetSchema),
  lamps: z.array(lampSchema),
  floodGauges: z.array(floodGaugeSchema),
  ioc: iocSiteSchema,
});
export type CityAssets = z.infer<typeof cityAssetsSchema>;

export const cityOverviewSchema = z.object({
  id: z.string(),
  name: localizedTextSchema,
  province: z.string(),
  center: lngLatSchema,
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  defaultZoom: z.number(),
  wards: z.array(wardSchema),
  /** Where every shipped piece of data comes from, and its licence. */
  attribution: z.array(z.string()),
  /** Says plainly that demo geometry is approximate. */
  geometryNote: localizedTextSchema,
});
export type CityOverview = z.infer<typeof cityOverviewSchema>;

/** Searchable things on the map: one row per asset, ward or landmark. */
export const searchHitSchema = z.object({
  kind: z.enum(['camera', 'intersection', 'lightingCabinet', 'floodGauge', 'ioc', 'ward', 'landmark', 'street']),
  id: z.string(),
  name: z.string(),
  position: lngLatSchema,
  wardId: z.string().optional(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

/*
 * Properties of the basemap's GeoJSON features (resources/<city>/*.geojson), checked when the
 * city is loaded so the map can style by them without guessing.
 */
export const wardFeaturePropertiesSchema = z.object({ id: z.string().min(1), name: z.string().min(1) });
export type WardFeatureProperties = z.infer<typeof wardFeaturePropertiesSchema>;

export const roadClasses = ['primary', 'secondary', 'tertiary', 'rail'] as const;
export const roadClassSchema = z.enum(roadClasses);
export type RoadClass = z.infer<typeof roadClassSchema>;

export const roadFeaturePropertiesSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  class: roadClassSchema,
  /** National road number where the street carries one ("QL1"). */
  ref: z.string().optional(),
});
export type RoadFeatureProperties = z.infer<typeof roadFeaturePropertiesSchema>;

export const waterKinds = ['river', 'stream', 'canal', 'lake'] as const;
export const waterFeaturePropertiesSchema = z.object({ id: z.string().min(1), name: z.string().min(1), kind: z.enum(waterKinds) });
export type WaterFeatureProperties = z.infer<typeof waterFeaturePropertiesSchema>;

export const landmarkKinds = ['government', 'station', 'market', 'bridge', 'hospital', 'park', 'bus-station', 'stadium', 'school'] as const;
export const landmarkFeaturePropertiesSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  kind: z.enum(landmarkKinds),
  wardId: z.string().min(1),
});
export type LandmarkFeatureProperties = z.infer<typeof landmarkFeaturePropertiesSchema>;
