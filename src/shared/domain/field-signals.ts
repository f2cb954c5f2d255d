import { z } from 'zod';

/** Traffic signal controllers (đèn tín hiệu giao thông): modes, timing plans, live state. */
export const signalModes = ['fixed', 'actuated', 'adaptive', 'manual', 'flashing', 'off'] as const;
export type SignalMode = (typeof signalModes)[number];

/** What the heads show right now: green/yellow/all-red of the current phase, or a whole-intersection state. */
export const signalIntervals = ['green', 'yellow', 'allRed', 'flashingYellow', 'dark'] as const;
export type SignalInterval = (typeof signalIntervals)[number];

export const phaseTimingSchema = z.object({
  name: z.string().min(1).max(40),
  greenS: z.number().int().min(5).max(180),
  yellowS: z.number().int().min(3).max(6),
  allRedS: z.number().int().min(0).max(6),
  minGreenS: z.number().int().min(5).max(60),
  maxGreenS: z.number().int().min(10).max(180),
});
export type PhaseTiming = z.infer<typeof phaseTimingSchema>;

export const timingPlanSchema = z.object({
  id: z.string().min(1).max(40),
  name: z.string().min(1).max(80),
  /** Offset of this intersection's cycle start against the route's common clock (green wave). */
  offsetS: z.number().int().min(0).max(300),
  phases: z.array(phaseTimingSchema).min(2).max(8),
});
export type TimingPlan = z.infer<typeof timingPlanSchema>;

export function cycleLength(plan: Pick<TimingPlan, 'phases'>): number {
  return plan.phases.reduce((sum, p) => sum + p.greenS + p.yellowS + p.allRedS, 0);
}

export const signalStateSchema = z.object({
  mode: z.enum(signalModes),
  /** The plan the controller runs now: the stored plan's id, or "adaptive" for splits the console applied. */
  planId: z.string(),
  /** Plans stored in the controller that `setPlan` can choose. */
  planIds: z.array(z.string()),
  plan: timingPlanSchema,
  cycleS: z.number().int().positive(),
  phaseIndex: z.number().int().nonnegative(),
  interval: z.enum(signalIntervals),
  /** Seconds left in the current interval; null while held, in manual or flashing/off. */
  remainingS: z.number().nonnegative().nullable(),
  /** Seconds since the start of the cycle on the coordinated clock. */
  cycleSecond: z.number().nonnegative(),
  heldPhase: z.number().int().nonnegative().nullable(),
  /** Phases that will be skipped once, the next time they come up. */
  skipPhases: z.array(z.number().int().nonnegative()),
  /** Manual mode ends by itself at this instant (epoch ms) and the controller returns to `revertTo`. */
  manualUntil: z.number().int().nullable(),
  revertTo: z.enum(signalModes).nullable(),
});
export type SignalState = z.infer<typeof signalStateSchema>;

/** Vehicles counted per phase over a period, from a controller's loops or the camera analytics. */
export const vehicleCountsSchema = z.object({
  intersectionId: z.string().min(1).max(64),
  periodS: z.number().int().min(1).max(3600),
  /** One count per phase of the intersection's plan, in plan order. */
  perPhase: z.array(z.number().int().min(0).max(100_000)).min(1).max(8),
  source: z.enum(['loop', 'camera', 'simulator']),
});
export type VehicleCounts = z.infer<typeof vehicleCountsSchema>;

export const timingRecommendationSchema = z.object({
  intersectionId: z.string(),
  cycleS: z.number().int().positive(),
  greenS: z.array(z.number().int().nonnegative()),
  /** Smoothed demand per phase that produced the split, vehicles per hour. */
  flowsVehH: z.array(z.number().nonnegative()),
  /** Degree of saturation of the busiest phase under the recommendation. */
  saturation: z.number().nonnegative(),
  computedAt: z.number().int(),
  /** Set once the controller reported running this split. */
  appliedAt: z.number().int().nullable(),
});
export type TimingRecommendation = z.infer<typeof timingRecommendationSchema>;
