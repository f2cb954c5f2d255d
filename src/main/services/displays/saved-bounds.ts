import { z } from 'zod';
import { rectSchema } from '../../../shared/domain/displays';

/**
 * Where an operator last left a window. The display's id and geometry are kept with the bounds
 * because ids are not stable across reboots on every platform, while a monitor's geometry is.
 */
export const savedWindowSchema = z.object({
  displayId: z.string(),
  /** The display's bounds when the window was saved: to recognise it again, and to move with it. */
  display: rectSchema,
  bounds: rectSchema,
});
export type SavedWindow = z.infer<typeof savedWindowSchema>;

export const savedWindowBoundsSchema = z.record(z.string(), savedWindowSchema);
/** Saved windows keyed by window key ("station:primary", "station:<displayId>", "wall"). */
export type SavedWindowBounds = z.infer<typeof savedWindowBoundsSchema>;
