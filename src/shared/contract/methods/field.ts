import { z } from 'zod';
import { defineEvent, defineMethod } from '../define';
import { commandRecordSchema, fieldCommandOpSchema } from '../../domain/field-commands';
import { fieldSnapshotSchema, fieldUpdateSchema, levelPointSchema, scenarioInfoSchema } from '../../domain/field';

const none = z.object({}).strict().optional();
const commandId = z.object({ id: z.string().uuid() }).strict();

/**
 * The field bus (signals, lighting, flood warning) as the renderer sees it. Commands are
 * audited; dangerous ones come back "awaitingConfirmation" until a supervisor confirms them.
 */
export const fieldMethods = {
  'field.snapshot': defineMethod({ input: none, output: fieldSnapshotSchema, access: 'city.read', audit: false }),
  'field.commands.list': defineMethod({
    input: z.object({ limit: z.number().int().min(1).max(500).default(100), targetId: z.string().max(64).optional() }).strict(),
    output: z.array(commandRecordSchema),
    access: 'city.read',
    audit: false,
  }),
  'field.command': defineMethod({
    input: z.object({ targetId: z.string().min(1).max(64), op: fieldCommandOpSchema, reason: z.string().trim().max(500).optional() }).strict(),
    output: commandRecordSchema,
    access: 'control.operate',
    audit: true,
  }),
  'field.confirm': defineMethod({ input: commandId, output: commandRecordSchema, access: 'control.confirm', audit: true }),
  'field.reject': defineMethod({ input: commandId, output: commandRecordSchema, access: 'control.confirm', audit: true }),
  /** Resends a command that timed out under the same id: the controller will not run it twice. */
  'field.retry': defineMethod({ input: commandId, output: commandRecordSchema, access: 'control.operate', audit: true }),
  'field.greenWave': defineMethod({
    input: z.object({ routeId: z.string().min(1).max(64), speedKmh: z.number().min(10).max(80), cycleS: z.number().int().min(40).max(200) }).strict(),
    output: z.array(commandRecordSchema),
    access: 'control.operate',
    audit: true,
  }),
  'field.levels': defineMethod({
    input: z.object({ gaugeId: z.string().min(1).max(64) }).strict(),
    output: z.array(levelPointSchema),
    access: 'city.read',
    audit: false,
  }),
  'field.scenarios': defineMethod({ input: none, output: z.array(scenarioInfoSchema), access: 'city.read', audit: false }),
} as const;

export const fieldEvents = {
  /** What changed on the bus, coalesced (a few per second at most). */
  'field.update': defineEvent({ payload: fieldUpdateSchema, access: 'city.read' }),
  /** A command's record after each step: requested, confirmed, sent, accepted, answered. */
  'field.command': defineEvent({ payload: commandRecordSchema, access: 'city.read' }),
} as const;
