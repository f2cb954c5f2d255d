import { z } from 'zod';

/** Street lighting (chiếu sáng): cabinets with circuits of lamps, schedules, rules and metering. */
export const lampFaults = ['lampOut', 'powerFailure', 'doorOpen', 'commLost'] as const;
export type LampFault = (typeof lampFaults)[number];

export const scheduleTimeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('clock'), time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time: HH:MM') }),
  z.object({ kind: z.literal('sunset'), offsetMin: z.number().int().min(-180).max(180) }),
  z.object({ kind: z.literal('sunrise'), offsetMin: z.number().int().min(-180).max(180) }),
]);
export type ScheduleTime = z.infer<typeof scheduleTimeSchema>;

/** From `at` until the next step, the lamps run at `dimPct` (0 = off). */
export const scheduleStepSchema = z.object({ at: scheduleTimeSchema, dimPct: z.number().int().min(0).max(100) });
export type ScheduleStep = z.infer<typeof scheduleStepSchema>;

export const lightingRuleSchema = z.discriminatedUnion('kind', [
  /** Bad weather seen by the cabinet's own sensor raises the level to at least `minDimPct` while lamps are on. */
  z.object({ kind: z.literal('weather'), when: z.enum(['rain', 'fog']), minDimPct: z.number().int().min(0).max(100) }),
  /** A city event: a fixed level between two instants (epoch ms), whatever the schedule says. */
  z.object({
    kind: z.literal('event'),
    name: z.string().min(1).max(80),
    from: z.number().int(),
    to: z.number().int(),
    dimPct: z.number().int().min(0).max(100),
  }),
]);
export type LightingRule = z.infer<typeof lightingRuleSchema>;

export const lampStateSchema = z.object({
  id: z.string(),
  circuitId: z.string(),
  on: z.boolean(),
  dimPct: z.number().int().min(0).max(100),
  fault: z.enum(lampFaults).nullable(),
});
export type LampState = z.infer<typeof lampStateSchema>;

export const circuitStateSchema = z.object({
  id: z.string(),
  on: z.boolean(),
  dimPct: z.number().int().min(0).max(100),
});

export const cabinetStateSchema = z.object({
  mode: z.enum(['schedule', 'manual']),
  /** Level the cabinet commands now (schedule + rules, or the operator's manual level). */
  dimPct: z.number().int().min(0).max(100),
  /** What set the level: "schedule", "manual", "rule:weather:rain", "rule:event:<name>". */
  levelSource: z.string(),
  circuits: z.array(circuitStateSchema),
  lamps: z.array(lampStateSchema),
  door: z.enum(['closed', 'open']),
  mains: z.enum(['ok', 'fail']),
  powerW: z.number().nonnegative(),
  /** What the lamps that are on would draw at full power: the baseline the savings are measured against. */
  fullPowerW: z.number().nonnegative(),
  /** Metered since the meter was installed (or the simulator started). */
  energyKWh: z.number().nonnegative(),
  baselineKWh: z.number().nonnegative(),
  schedule: z.array(scheduleStepSchema),
  rules: z.array(lightingRuleSchema),
  /** Today's sunset and sunrise at the cabinet (epoch ms), as its astronomical clock computed them. */
  sunset: z.number().int(),
  sunrise: z.number().int(),
});
export type CabinetState = z.infer<typeof cabinetStateSchema>;

export function savingsPct(state: Pick<CabinetState, 'energyKWh' | 'baselineKWh'>): number | null {
  if (state.baselineKWh <= 0) return null;
  return Math.max(0, Math.min(100, (1 - state.energyKWh / state.baselineKWh) * 100));
}

/** The usual pilot programme: full at dusk, 70 % late evening, 50 % after midnight, off at dawn. */
export const defaultSchedule: readonly ScheduleStep[] = [
  { at: { kind: 'sunset', offsetMin: 0 }, dimPct: 100 },
  { at: { kind: 'clock', time: '22:00' }, dimPct: 70 },
  { at: { kind: 'clock', time: '00:00' }, dimPct: 50 },
  { at: { kind: 'sunrise', offsetMin: 0 }, dimPct: 0 },
];
