import { z } from 'zod';
import { defineMethod } from '../define';
import { displayLayoutSchema, displayPrefsSchema } from '../../domain/displays';

const none = z.object({}).strict().optional();

export const displayMethods = {
  /** Displays the station sees and the window each one carries (empty on the headless host). */
  'displays.layout': defineMethod({ input: none, output: displayLayoutSchema, access: 'session', audit: false }),
  'displays.setPrefs': defineMethod({
    input: displayPrefsSchema.partial().strict(),
    output: displayLayoutSchema,
    access: 'settings.write',
    audit: true,
  }),
} as const;
