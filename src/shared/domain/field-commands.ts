import { z } from 'zod';
import { lightingRuleSchema, scheduleStepSchema } from './field-lighting';
import { signalModes } from './field-signals';

/**
 * Every command the console can send to a field controller. One schema serves the RPC contract,
 * the wire protocol and the controllers, so a command that passes here means the same thing everywhere.
 */
const phaseIndex = z.number().int().min(0).max(7);

export const fieldCommandOpSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('signal.setPlan'), planId: z.string().min(1).max(40) }),
  z
    .object({
      type: z.literal('signal.setMode'),
      mode: z.enum(signalModes),
      /** Manual control ends by itself after this many minutes (the controller enforces it). */
      revertAfterMin: z.number().int().min(1).max(60).optional(),
    })
    .refine((op) => op.mode !== 'manual' || op.revertAfterMin !== undefined, {
      message: 'manual mode needs revertAfterMin (1–60): it must end by itself',
      path: ['revertAfterMin'],
    }),
  z.object({ type: z.literal('signal.hold'), phaseIndex }),
  z.object({ type: z.literal('signal.release') }),
  z.object({ type: z.literal('signal.skip'), phaseIndex }),
  /** In manual mode: end the current phase now (through yellow and all-red). */
  z.object({ type: z.literal('signal.advance') }),
  /** Splits computed by the console's adaptive timing; applied at the next cycle boundary. */
  z.object({ type: z.literal('signal.applyTiming'), cycleS: z.number().int().min(30).max(240), greenS: z.array(z.number().int().min(5).max(180)).min(2).max(8) }),
  /** Coordination along a route: a common cycle and this intersection's offset on it. */
  z.object({ type: z.literal('signal.coordinate'), cycleS: z.number().int().min(30).max(240), offsetS: z.number().int().min(0).max(240) }),

  z.object({ type: z.literal('light.setMode'), mode: z.enum(['schedule', 'manual']) }),
  /** Manual level for the cabinet or one circuit; 0 switches off. Puts the cabinet in manual mode. */
  z.object({ type: z.literal('light.set'), dimPct: z.number().int().min(0).max(100), circuitId: z.string().min(1).max(64).optional() }),
  z.object({ type: z.literal('light.setSchedule'), steps: z.array(scheduleStepSchema).min(1).max(24) }),
  z.object({ type: z.literal('light.setRules'), rules: z.array(lightingRuleSchema).max(16) }),

  z.object({ type: z.literal('flood.siren'), action: z.enum(['trigger', 'silence']) }),
  z
    .object({
      type: z.literal('flood.setThresholds'),
      thresholdsM: z.tuple([z.number().min(-10).max(50), z.number().min(-10).max(50), z.number().min(-10).max(50)]),
      autoWarnLevel: z.number().int().min(1).max(3),
    })
    .refine((op) => op.thresholdsM[0] < op.thresholdsM[1] && op.thresholdsM[1] < op.thresholdsM[2], {
      message: 'thresholds must rise: level 1 < level 2 < level 3',
      path: ['thresholdsM'],
    }),
  z.object({ type: z.literal('flood.pump'), pumpId: z.string().min(1).max(64), run: z.boolean(), auto: z.boolean().default(false) }),
  z.object({ type: z.literal('flood.gate'), gateId: z.string().min(1).max(64), open: z.boolean() }),

  /** Drill and demo controls of the field simulator (target "sim"); real gateways refuse them. */
  z.object({ type: z.literal('sim.scenario'), name: z.string().regex(/^[a-z0-9-]{1,64}$/) }),
  z.object({ type: z.literal('sim.stopScenario') }),
  z.object({ type: z.literal('sim.link'), up: z.boolean(), scope: z.enum(['all', 'signal', 'lighting', 'flood']).default('all') }),
  z.object({ type: z.literal('sim.rain'), mmH: z.number().min(0).max(300) }),
]);
export type FieldCommandOp = z.infer<typeof fieldCommandOpSchema>;
export type FieldCommandType = FieldCommandOp['type'];

export const controllerKinds = ['signal', 'lighting', 'flood', 'sim'] as const;
export type ControllerKind = (typeof controllerKinds)[number];

export function kindOfCommand(op: Pick<FieldCommandOp, 'type'>): ControllerKind {
  const prefix = op.type.slice(0, op.type.indexOf('.'));
  return prefix === 'light' ? 'lighting' : (prefix as ControllerKind);
}

/**
 * Commands that can put people at risk or hide a warning: they wait for a supervisor's
 * confirmation before they leave the console.
 */
export function needsConfirmation(op: FieldCommandOp): boolean {
  switch (op.type) {
    case 'signal.setMode':
      return op.mode === 'manual' || op.mode === 'flashing' || op.mode === 'off';
    case 'signal.hold':
    case 'flood.setThresholds':
    case 'flood.gate':
      return true;
    case 'flood.siren':
      return op.action === 'silence';
    default:
      return false;
  }
}

export const commandStatuses = ['awaitingConfirmation', 'sending', 'accepted', 'done', 'failed', 'timeout', 'rejected', 'expired'] as const;
export type CommandStatus = (typeof commandStatuses)[number];

export const commandRecordSchema = z.object({
  id: z.string(),
  targetId: z.string(),
  op: fieldCommandOpSchema,
  reason: z.string().nullable(),
  requestedBy: z.string(),
  requestedAt: z.number().int(),
  needsConfirmation: z.boolean(),
  confirmedBy: z.string().nullable(),
  confirmedAt: z.number().int().nullable(),
  status: z.enum(commandStatuses),
  /** The controller's last answer, as it gave it. */
  reply: z
    .object({ status: z.string(), code: z.string().nullable(), reason: z.string().nullable(), duplicate: z.boolean(), at: z.number().int() })
    .nullable(),
  attempts: z.number().int().nonnegative(),
  finishedAt: z.number().int().nullable(),
});
export type CommandRecord = z.infer<typeof commandRecordSchema>;

export function isFinished(status: CommandStatus): boolean {
  return status === 'done' || status === 'failed' || status === 'timeout' || status === 'rejected' || status === 'expired';
}
