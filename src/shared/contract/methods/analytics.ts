import { z } from 'zod';
import { defineEvent, defineMethod } from '../define';
import {
  eventKindSchema,
  rollupGrains,
  seriesPointSchema,
  syncSettingsSchema,
  syncStatusSchema,
  timeRangeSchema,
} from '../../domain/analytics';
import { kpis, panelIds } from '../../domain/analytics-panels';
import { reportFormats, reportPeriods, reportRecordSchema } from '../../domain/analytics-reports';

const none = z.object({}).strict().optional();
const kpiIds = Object.keys(kpis) as [keyof typeof kpis, ...(keyof typeof kpis)[]];

/** Thống kê: dashboards, exports, periodic reports and the province outbox. */
export const analyticsMethods = {
  'stats.kpis': defineMethod({
    input: timeRangeSchema,
    output: z.array(z.object({ id: z.enum(kpiIds), value: z.number().nullable(), previous: z.number().nullable() })),
    access: 'stats.read',
    audit: false,
  }),
  /** One chart over a range and over the previous period of equal length; `source` drills down to one asset. */
  'stats.panel': defineMethod({
    input: z.object({ panel: z.enum(panelIds as [string, ...string[]]), range: timeRangeSchema, source: z.string().max(120).optional() }).strict(),
    output: z.object({ grain: z.enum(rollupGrains), points: z.array(seriesPointSchema), previous: z.array(seriesPointSchema) }),
    access: 'stats.read',
    audit: false,
  }),
  'stats.exportParquet': defineMethod({
    input: z.object({ table: z.enum(['events', ...rollupGrains]), range: timeRangeSchema, kinds: z.array(eventKindSchema).max(20).optional() }).strict(),
    output: z.object({ path: z.string(), rows: z.number() }),
    access: 'stats.export',
    audit: true,
  }),
  'reports.list': defineMethod({ input: none, output: z.array(reportRecordSchema), access: 'stats.read', audit: false }),
  'reports.create': defineMethod({
    input: z
      .object({
        period: z.enum(reportPeriods),
        format: z.enum(reportFormats),
        language: z.enum(['vi', 'en']).default('vi'),
        /** Required for an on-demand report; periodic ones cover the last full period before `at` (default now). */
        range: timeRangeSchema.optional(),
        at: z.iso.datetime({ offset: true }).optional(),
      })
      .strict(),
    output: reportRecordSchema,
    access: 'stats.export',
    audit: true,
  }),
  /** A stored report's bytes (base64) for the renderer to save. */
  'reports.download': defineMethod({
    input: z.object({ id: z.string().uuid() }).strict(),
    output: z.object({ name: z.string(), mime: z.string(), base64: z.string() }),
    access: 'stats.read',
    audit: true,
  }),
  'sync.status': defineMethod({ input: none, output: syncStatusSchema, access: 'stats.read', audit: false }),
  'sync.configure': defineMethod({
    input: z.object({ settings: syncSettingsSchema, password: z.string().min(1).max(200).optional() }).strict(),
    output: syncStatusSchema,
    access: 'sync.manage',
    audit: true,
    redact: ['password'],
  }),
} as const;

export const analyticsEvents = {
  /** New data was rolled up: open dashboards refresh. */
  'stats.updated': defineEvent({ payload: z.object({ at: z.string() }), access: 'stats.read' }),
  'sync.status': defineEvent({ payload: syncStatusSchema, access: 'stats.read' }),
} as const;
