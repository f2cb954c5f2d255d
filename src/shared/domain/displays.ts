import { z } from 'zod';

export const rectSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
export type Rect = z.infer<typeof rectSchema>;

export const displayInfoSchema = z.object({
  id: z.string(),
  label: z.string(),
  bounds: rectSchema,
  workArea: rectSchema,
  scaleFactor: z.number().positive(),
  primary: z.boolean(),
});
export type DisplayInfo = z.infer<typeof displayInfoSchema>;

/** A station window is an operator's desk; the wall window is the video wall, chrome-less. */
export const windowRoles = ['station', 'wall'] as const;
export type WindowRole = (typeof windowRoles)[number];

export const windowPlanSchema = z.object({
  key: z.string(),
  role: z.enum(windowRoles),
  displayId: z.string(),
  bounds: rectSchema,
  kiosk: z.boolean(),
  fullscreen: z.boolean(),
});
export type WindowPlan = z.infer<typeof windowPlanSchema>;

export const displayPrefsSchema = z.object({
  /** Display that carries the wall; "auto" picks the largest non-primary display; null means no wall. */
  wallDisplay: z.union([z.literal('auto'), z.string(), z.null()]),
  wallKiosk: z.boolean(),
  /** One station window per non-wall display, or only on the primary display. */
  stationOnEveryDisplay: z.boolean(),
});
export type DisplayPrefs = z.infer<typeof displayPrefsSchema>;

export const displayLayoutSchema = z.object({
  displays: z.array(displayInfoSchema),
  windows: z.array(windowPlanSchema),
  prefs: displayPrefsSchema,
});
export type DisplayLayout = z.infer<typeof displayLayoutSchema>;
