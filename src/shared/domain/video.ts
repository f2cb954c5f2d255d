import { z } from 'zod';

/** What a tile shows about its stream. */
export const streamStates = ['connecting', 'live', 'reconnecting', 'offline', 'unsupported'] as const;
export const streamStateSchema = z.enum(streamStates);
export type StreamState = z.infer<typeof streamStateSchema>;

/** Grid tiles pull the substream; a maximised tile the main stream. */
export const streamQualitySchema = z.enum(['main', 'sub']);
export type StreamQuality = z.infer<typeof streamQualitySchema>;

export const videoLeaseSchema = z.object({
  leaseId: z.string(),
  cameraId: z.string(),
  quality: streamQualitySchema,
  /** Same-origin path of the LL-HLS media playlist, token included. */
  playlistUrl: z.string(),
  state: streamStateSchema,
  reason: z.string().nullable(),
});
export type VideoLease = z.infer<typeof videoLeaseSchema>;

export const streamStatusEventSchema = z.object({
  cameraId: z.string(),
  quality: streamQualitySchema,
  state: streamStateSchema,
  reason: z.string().nullable(),
});
export type StreamStatusEvent = z.infer<typeof streamStatusEventSchema>;

export const gridLayouts = ['1x1', '2x2', '3x3', '4x4', '5x5', '6x6', 'custom'] as const;
export const gridLayoutSchema = z.enum(gridLayouts);
export type GridLayout = z.infer<typeof gridLayoutSchema>;

export const MAX_TILES = 36;

export const tourSchema = z.object({
  cameraIds: z.array(z.string().min(1).max(64)).min(1).max(100),
  /** Seconds each camera stays on the tile. */
  dwellS: z.number().int().min(3).max(3600),
});
export type Tour = z.infer<typeof tourSchema>;

export const tileSpecSchema = z.object({
  cameraId: z.string().min(1).max(64).nullable(),
  tour: tourSchema.nullable().default(null),
});
export type TileSpec = z.infer<typeof tileSpecSchema>;

export const savedLayoutSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(80),
  layout: gridLayoutSchema,
  /** Custom layouts: columns and rows of the grid. */
  columns: z.number().int().min(1).max(8),
  rows: z.number().int().min(1).max(8),
  tiles: z.array(tileSpecSchema).max(MAX_TILES),
  savedBy: z.string().default(''),
  savedAt: z.string().default(''),
});
export type SavedLayout = z.infer<typeof savedLayoutSchema>;

export function gridSize(layout: GridLayout, custom: { columns: number; rows: number } = { columns: 4, rows: 3 }): { columns: number; rows: number } {
  if (layout === 'custom') return custom;
  const n = Number(layout[0]);
  return { columns: n, rows: n };
}
