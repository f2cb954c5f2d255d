import { z } from 'zod';
import { defineEvent, defineMethod } from '../define';
import { stationSettingsSchema, systemInfoSchema, systemStatusSchema } from '../../domain/system';

const none = z.object({}).strict().optional();

export const systemMethods = {
  'system.info': defineMethod({ input: none, output: systemInfoSchema, access: 'public', audit: false, allowWhileLocked: true }),
  'system.status': defineMethod({ input: none, output: systemStatusSchema, access: 'session', audit: false, allowWhileLocked: true }),
  /** The renderer reports operator activity (mouse, keys) so the main process can enforce idle lock. */
  'session.touch': defineMethod({ input: none, output: z.object({ lockAt: z.string() }), access: 'session', audit: false }),
  'settings.get': defineMethod({ input: none, output: stationSettingsSchema, access: 'session', audit: false }),
  'settings.update': defineMethod({
    input: stationSettingsSchema.partial().strict(),
    output: stationSettingsSchema,
    access: 'settings.write',
    audit: true,
  }),
} as const;

export const systemEvents = {
  'system.status': defineEvent({ payload: systemStatusSchema, access: 'session' }),
} as const;
