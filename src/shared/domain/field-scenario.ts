import { z } from 'zod';
import { lampFaults } from './field-lighting';

/**
 * Scenario files for the field simulator (resources/<city>/scenarios/*.json): timed steps that
 * change the weather, the links and the equipment. The drill engine replays the same files.
 */
export const scenarioActionSchema = z.discriminatedUnion('do', [
  /** Rain over the given gauges' catchments (all when omitted). */
  z.object({ do: z.literal('rain'), mmH: z.number().min(0).max(300), gauges: z.array(z.string()).optional() }),
  z.object({ do: z.literal('fog'), on: z.boolean() }),
  /** Cuts or restores the controllers' link to the console; the controllers keep working locally. */
  z.object({ do: z.literal('link'), up: z.boolean(), scope: z.enum(['all', 'signal', 'lighting', 'flood']).default('all') }),
  z.object({ do: z.literal('lampFault'), lampId: z.string(), fault: z.enum(lampFaults).nullable() }),
  z.object({ do: z.literal('cabinet'), cabinetId: z.string(), door: z.enum(['open', 'closed']).optional(), mains: z.enum(['ok', 'fail']).optional() }),
  /** Multiplies traffic demand (1 = the time-of-day profile). */
  z.object({ do: z.literal('traffic'), factor: z.number().min(0).max(10), intersections: z.array(z.string()).optional() }),
  z.object({ do: z.literal('waterLevel'), gaugeId: z.string(), levelM: z.number().min(-10).max(50) }),
]);
export type ScenarioAction = z.infer<typeof scenarioActionSchema>;

export const scenarioSchema = z.object({
  name: z.string().regex(/^[a-z0-9-]{1,64}$/),
  title: z.string().min(1).max(120),
  description: z.string().max(2000).default(''),
  /** Speeds up the water (rise and fall) so a drill shows hours of a flood in minutes; 1 is real time. */
  floodTimeScale: z.number().min(1).max(600).default(1),
  steps: z
    .array(z.object({ atS: z.number().min(0).max(86_400), action: scenarioActionSchema }))
    .max(1000)
    .refine((steps) => steps.every((s, i) => i === 0 || s.atS >= steps[i - 1]!.atS), 'steps must be in time order'),
});
export type Scenario = z.infer<typeof scenarioSchema>;

export function scenarioDuration(scenario: Pick<Scenario, 'steps'>): number {
  return scenario.steps.reduce((max, s) => Math.max(max, s.atS), 0);
}
