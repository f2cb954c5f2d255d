import { z } from 'zod';

/** Flood warning points (cảnh báo ngập): gauges, warning levels 1–3, local sirens or boards, pumps, gates. */
export const warningDeviceSchema = z.object({
  kind: z.enum(['siren', 'board']),
  active: z.boolean(),
  /** "auto": the controller fired it at its preset level; "operator": triggered from the console. */
  cause: z.enum(['auto', 'operator']).nullable(),
  /** Silenced by an operator until the water reaches a level above this one. */
  silencedAtLevel: z.number().int().min(0).max(3).nullable(),
});

export const pumpStateSchema = z.object({ id: z.string(), running: z.boolean(), auto: z.boolean() });
export const gateStateSchema = z.object({ id: z.string(), open: z.boolean() });

export const gaugeStateSchema = z.object({
  /** Metres above the gauge zero. */
  levelM: z.number(),
  /** Rain intensity now and the total of the last hour. */
  rainMmH: z.number().nonnegative(),
  rain1hMm: z.number().nonnegative(),
  /** Rate of rise over the last 10 minutes, metres per hour (negative: falling). */
  riseMPerH: z.number(),
  /** Warning level reached: 0 (normal) or báo động 1/2/3. */
  level: z.number().int().min(0).max(3),
  thresholdsM: z.tuple([z.number(), z.number(), z.number()]),
  /** The controller fires its warning device by itself at this level, link or no link. */
  autoWarnLevel: z.number().int().min(1).max(3),
  device: warningDeviceSchema,
  pumps: z.array(pumpStateSchema),
  gates: z.array(gateStateSchema),
});
export type GaugeState = z.infer<typeof gaugeStateSchema>;

/** Warning level for a water level, with a small hysteresis on the way down so the level does not flicker. */
export function warningLevel(levelM: number, thresholdsM: readonly [number, number, number], previous = 0, hysteresisM = 0.05): number {
  let level = 0;
  for (let i = 0; i < 3; i++) if (levelM >= thresholdsM[i]!) level = i + 1;
  if (level < previous && levelM >= thresholdsM[previous - 1]! - hysteresisM) return previous;
  return level;
}
