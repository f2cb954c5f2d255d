/**
 * Vietnamese licence plates: the shapes the plate reader, the watchlist and the UI share.
 * Normalisation and validation live in ./plates-format.ts (pure, heavily tested) and are
 * re-exported here so callers import one module.
 */
import { z } from 'zod';

/** An RGB24 image, row-major, 3 bytes per pixel; `data.length === width * height * 3`. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A rectangle in pixels of the image it was found in. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type PlateLayout = 'one-row' | 'two-row';

export interface PlateReadResult {
  /** Normalised, e.g. "51F-123.45" (one row) or "59-X1 123.45" (two rows); `raw` when it cannot be normalised. */
  text: string;
  /** What the recogniser produced, lines joined by a space, before normalisation. */
  raw: string;
  /** 0..1: the product-like mean of the recogniser's per-character probabilities. */
  confidence: number;
  /** The plate's box in the input image. */
  box: Box;
  layout: PlateLayout;
  /** True when `text` matches a Vietnamese format and its locality code is known. */
  valid: boolean;
  /** The locality (province) named by the code, when known. */
  province?: string;
}

export * from './plates-format';

/** A watchlist entry as the UI sees it; `plate` is the normalised text the supervisor entered. */
export const watchlistEntrySchema = z.object({
  id: z.string(),
  plate: z.string(),
  reason: z.string(),
  addedBy: z.string(),
  addedAt: z.string(),
  expiresAt: z.string().nullable(),
  /** False once expired or removed: such entries never hit. */
  active: z.boolean(),
  removedAt: z.string().nullable(),
  removedBy: z.string().nullable(),
});
export type WatchlistEntry = z.infer<typeof watchlistEntrySchema>;

export const plateMatchKindSchema = z.enum(['exact', 'confusable']);

/** One stored plate read (the history the search runs over). */
export const plateReadRecordSchema = z.object({
  id: z.string(),
  ts: z.string(),
  cameraId: z.string(),
  plate: z.string(),
  raw: z.string(),
  confidence: z.number(),
  layout: z.enum(['one-row', 'two-row']),
  valid: z.boolean(),
  /** Set when the read hit the watchlist, and how. */
  hit: plateMatchKindSchema.nullable(),
  watchlistId: z.string().nullable(),
  trackId: z.string().nullable(),
  /** Where the crop kept as evidence lies (a JPEG under the data folder), if any. */
  evidence: z.string().nullable(),
});
export type PlateReadRecord = z.infer<typeof plateReadRecordSchema>;

/** A read that matched an active watchlist entry: the alert the operator sees. */
export const plateHitSchema = z.object({ read: plateReadRecordSchema, entry: watchlistEntrySchema, match: plateMatchKindSchema });
export type PlateHit = z.infer<typeof plateHitSchema>;

/** A plate a supervisor may put on the watchlist: letters, digits, Đ and separators, 4–14 characters. */
export const watchPlateInputSchema = z
  .string()
  .trim()
  .min(4)
  .max(14)
  .regex(/^[0-9A-Za-zĐđ.\- ]+$/, 'a plate uses letters, digits, Đ, "-", "." and spaces only');

export const plateSearchSchema = z
  .object({
    /** Full or partial plate; `*` any run, `?` one character; confusables (0/O/D, 1/I, 8/B, …) match each other. */
    query: z.string().trim().min(1).max(20),
    prefix: z.boolean().default(false),
    cameraId: z.string().max(64).optional(),
    hitsOnly: z.boolean().default(false),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.number().int().min(1).max(500).default(50),
    offset: z.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();
export type PlateSearch = z.output<typeof plateSearchSchema>;

export const plateSearchResultSchema = z.object({ rows: z.array(plateReadRecordSchema), hasMore: z.boolean() });
export type PlateSearchResult = z.infer<typeof plateSearchResultSchema>;
