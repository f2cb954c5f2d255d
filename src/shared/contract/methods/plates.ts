import { z } from 'zod';
import { defineEvent, defineMethod } from '../define';
import {
  plateHitSchema,
  plateReadRecordSchema,
  plateSearchResultSchema,
  plateSearchSchema,
  watchlistEntrySchema,
  watchPlateInputSchema,
} from '../../domain/plates';

/**
 * Licence plates and the watchlist (danh sách đen). Plate reads are personal data: reading them
 * takes `plates.read` (operator+), editing the watchlist `watchlist.manage` (supervisor+). Edits
 * are audited; so are searches, because looking a person's car up across the city's cameras is
 * exactly what an audit trail exists to show.
 */
export const plateMethods = {
  'plates.watchlist.list': defineMethod({
    input: z.object({ includeInactive: z.boolean().default(false) }).strict().default({ includeInactive: false }),
    output: z.array(watchlistEntrySchema),
    access: 'plates.read',
    audit: false,
  }),
  'plates.watchlist.add': defineMethod({
    input: z
      .object({
        plate: watchPlateInputSchema,
        reason: z.string().trim().min(1).max(500),
        expiresAt: z.iso.datetime({ offset: true }).optional(),
      })
      .strict(),
    output: watchlistEntrySchema,
    access: 'watchlist.manage',
    audit: true,
  }),
  'plates.watchlist.remove': defineMethod({
    input: z.object({ id: z.string().min(1).max(64) }).strict(),
    output: watchlistEntrySchema,
    access: 'watchlist.manage',
    audit: true,
  }),
  'plates.search': defineMethod({ input: plateSearchSchema, output: plateSearchResultSchema, access: 'plates.read', audit: true }),
  'plates.recent': defineMethod({
    input: z.object({ limit: z.number().int().min(1).max(500).default(50), cameraId: z.string().max(64).optional() }).strict(),
    output: z.array(plateReadRecordSchema),
    access: 'plates.read',
    audit: false,
  }),
  /** The plate crop kept as evidence for a read (a JPEG, base64), or null when none was kept. */
  'plates.evidence': defineMethod({
    input: z.object({ id: z.string().min(1).max(64) }).strict(),
    output: z.object({ mime: z.literal('image/jpeg'), base64: z.string() }).nullable(),
    access: 'plates.read',
    audit: false,
  }),
} as const;

export const plateEvents = {
  /** Every stored plate read (best read per tracked vehicle). */
  'plates.read': defineEvent({ payload: plateReadRecordSchema, access: 'plates.read' }),
  /** A read that hit an active watchlist entry: the alert. */
  'plates.hit': defineEvent({ payload: plateHitSchema, access: 'plates.read' }),
  /** The watchlist changed (added, removed): lists refetch. */
  'plates.watchlist.changed': defineEvent({ payload: z.object({}), access: 'plates.read' }),
} as const;
