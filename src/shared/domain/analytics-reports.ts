import { z } from 'zod';

/** Báo cáo định kỳ (daily, weekly, monthly) and đột xuất (on demand). */
export const reportPeriods = ['daily', 'weekly', 'monthly', 'adhoc'] as const;
export type ReportPeriod = (typeof reportPeriods)[number];
export const reportFormats = ['pdf', 'xlsx', 'csv'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export const reportRecordSchema = z.object({
  id: z.string(),
  period: z.enum(reportPeriods),
  format: z.enum(reportFormats),
  language: z.enum(['vi', 'en']),
  from: z.string(),
  to: z.string(),
  fileName: z.string(),
  bytes: z.number(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type ReportRecord = z.infer<typeof reportRecordSchema>;
