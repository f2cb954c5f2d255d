import { z } from 'zod';

/**
 * What the analytics store measures. Every event is one narrow row (time, kind, source, zone,
 * value, flag): one shape lets one set of rollups, one retention rule and one sync stream serve
 * every connected system, and a new system only adds a kind.
 */
export const eventKinds = [
  'traffic.volume', // vehicles counted by a camera in its interval; zone = road
  'crowd.count', // people seen in a zone
  'crowd.alert', // a crowd threshold crossed; value 1
  'plate.read', // one plate read; flag = watchlist hit; label = plate
  'signal.availability', // 1 when a controller answered its poll, 0 when not
  'lighting.energy', // kWh used by a cabinet in its interval
  'lighting.baseline', // kWh the same lamps would use at full power without dimming (savings baseline)
  'lighting.fault', // a lamp or feeder fault; value 1
  'flood.level', // water level in metres
  'flood.rain', // rain in mm during the interval
  'command', // a field command sent; label = command name; flag = failed
  'audit', // an audited action; label = action
] as const;
export type EventKind = (typeof eventKinds)[number];
export const eventKindSchema = z.enum(eventKinds);

export const analyticsEventSchema = z.object({
  ts: z.date(),
  kind: eventKindSchema,
  source: z.string().min(1).max(120),
  zone: z.string().max(120).default(''),
  value: z.number().finite(),
  flag: z.boolean().default(false),
  label: z.string().max(200).nullable().default(null),
});
export type AnalyticsEvent = z.output<typeof analyticsEventSchema>;
export type AnalyticsEventInput = z.input<typeof analyticsEventSchema>;

export const rollupGrains = ['minute', 'hour', 'day'] as const;
export type RollupGrain = (typeof rollupGrains)[number];

/** An ISO-8601 instant with its offset, so the two ends of a range never depend on a station's clock zone. */
export const isoInstantSchema = z.iso.datetime({ offset: true });

export const timeRangeSchema = z
  .object({ from: isoInstantSchema, to: isoInstantSchema })
  .refine((r) => Date.parse(r.from) < Date.parse(r.to), { message: 'from must be before to' })
  .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= 5 * 366 * 86_400_000, { message: 'a range may span at most five years' });
export type TimeRange = z.infer<typeof timeRangeSchema>;

/** One point of a chart series: bucket start (ISO), the series key, and the aggregates. */
export const seriesPointSchema = z.object({
  bucket: z.string(),
  key: z.string(),
  n: z.number(),
  sum: z.number(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  flagged: z.number(),
});
export type SeriesPoint = z.infer<typeof seriesPointSchema>;

/** Retention per table in days; rollups are kept for years because they are small. */
export const retentionSchema = z.object({
  rawDays: z.number().int().min(1).max(3650),
  minuteDays: z.number().int().min(1).max(3650),
  hourDays: z.number().int().min(1).max(36500),
  dayDays: z.number().int().min(1).max(36500),
});
export type Retention = z.infer<typeof retentionSchema>;
export const defaultRetention: Retention = { rawDays: 90, minuteDays: 35, hourDays: 3 * 366, dayDays: 20 * 366 };

/** What the province outbox can ship: raw events and each rollup. */
export const syncStreams = ['events', 'minute', 'hour', 'day'] as const;
export type SyncStream = (typeof syncStreams)[number];

/** Province sync settings as an admin edits them; the password never comes back out. */
export const syncSettingsSchema = z.object({
  enabled: z.boolean(),
  host: z.string().trim().min(1).max(255).regex(/^[A-Za-z0-9.\-:[\]]+$/, 'a host name or IP address'),
  port: z.number().int().min(1).max(65535),
  database: z.string().trim().min(1).max(63),
  user: z.string().trim().min(1).max(63),
  streams: z.array(z.enum(syncStreams)).min(1),
  batchRows: z.number().int().min(100).max(200_000),
});
export type SyncSettings = z.infer<typeof syncSettingsSchema>;
export const defaultSyncSettings: SyncSettings = {
  enabled: false,
  host: '127.0.0.1',
  port: 5432,
  database: 'ioc_province',
  user: 'ioc',
  streams: ['events', 'hour', 'day'],
  batchRows: 20_000,
};

export const syncStatusSchema = z.object({
  settings: syncSettingsSchema,
  hasPassword: z.boolean(),
  state: z.enum(['off', 'connecting', 'shipping', 'caughtUp', 'offline', 'refused']),
  pendingRows: z.number(),
  lagSeconds: z.number(),
  shippedRows: z.number(),
  lastShippedAt: z.string().nullable(),
  lastError: z.string().nullable(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

/**
 * Whether the analytics store can write. On a full disk live events wait in a bounded queue in
 * memory (retried until space returns); events beyond it are counted in `overflowRows`, never
 * dropped unseen. Reports and exports are refused while the disk is full.
 */
export const storageHealthSchema = z.object({
  state: z.enum(['ok', 'diskFull', 'failing']),
  /** When writes began to fail (ISO), null while they succeed. */
  since: z.string().nullable(),
  pendingRows: z.number(),
  maxPendingRows: z.number(),
  overflowRows: z.number(),
  lastError: z.string().nullable(),
});
export type StorageHealth = z.infer<typeof storageHealthSchema>;

/**
 * Retention as a supervisor sets it: a coarser rollup is kept at least as long as a finer one
 * (charts over a long range fall back to coarser grains, never to a gap).
 */
export const retentionPolicySchema = retentionSchema
  .strict()
  .refine((r) => r.minuteDays <= r.hourDays, { message: 'hour rollups must be kept at least as long as minute rollups', path: ['hourDays'] })
  .refine((r) => r.hourDays <= r.dayDays, { message: 'day rollups must be kept at least as long as hour rollups', path: ['dayDays'] });

/** FIWARE Smart Data Models the NGSI-LD export produces. */
export const ngsiEntityTypes = ['TrafficFlowObserved', 'CrowdFlowObserved', 'AnprFlowObserved', 'Streetlight', 'WaterObserved', 'FloodMonitoring'] as const;
export type NgsiEntityType = (typeof ngsiEntityTypes)[number];
