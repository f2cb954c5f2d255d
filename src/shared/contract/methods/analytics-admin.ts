import { z } from 'zod';
import { defineEvent, defineMethod } from '../define';
import { ngsiEntityTypes, retentionPolicySchema, retentionSchema, storageHealthSchema, timeRangeSchema } from '../../domain/analytics';

const none = z.object({}).strict().optional();

/** Thống kê, administration: storage health (full disk), retention, NGSI-LD export. */
export const analyticsAdminMethods = {
  /** Whether the analytics store can write (a full disk is shown in the status bar and on Thống kê). */
  'stats.storage': defineMethod({ input: none, output: storageHealthSchema, access: 'stats.read', audit: false }),
  'stats.retention.get': defineMethod({ input: none, output: retentionSchema, access: 'stats.retention', audit: false }),
  /** Days kept per table; applied by the hourly trim. */
  'stats.retention.set': defineMethod({ input: retentionPolicySchema, output: retentionSchema, access: 'stats.retention', audit: true }),
  /**
   * The range's data as FIWARE Smart Data Models entities, each validated against its model's
   * JSON Schema, written as one JSON file into the data folder's exports/ (a name the console picks).
   */
  'stats.exportNgsiLd': defineMethod({
    input: z
      .object({
        range: timeRangeSchema.refine((r) => Date.parse(r.to) - Date.parse(r.from) <= 31 * 86_400_000, { message: 'an NGSI-LD export may span at most 31 days' }),
        types: z.array(z.enum(ngsiEntityTypes)).min(1).max(ngsiEntityTypes.length),
        form: z.enum(['normalized', 'keyValues']).default('normalized'),
      })
      .strict(),
    output: z.object({
      path: z.string(),
      fileName: z.string(),
      entities: z.number(),
      byType: z.record(z.string(), z.number()),
      bytes: z.number(),
    }),
    access: 'stats.export',
    audit: true,
  }),
} as const;

export const analyticsAdminEvents = {
  'stats.storage': defineEvent({ payload: storageHealthSchema, access: 'stats.read' }),
} as const;
