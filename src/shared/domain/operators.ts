import { z } from 'zod';
import { roles } from './roles';

/** Login names: lowercase ASCII so that "Trực ban" and "truc ban" cannot be two accounts. */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9._-]{2,31}$/, 'username: 3–32 characters, a–z, 0–9, ".", "_" or "-", starting with a letter');

export const displayNameSchema = z.string().trim().min(1).max(80);

/** Long passphrases are welcome; the cap only stops a KDF from being fed megabytes. */
export const passwordSchema = z.string().min(10, 'password: at least 10 characters').max(256);

export const roleSchema = z.enum(roles);

export const operatorSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type Operator = z.infer<typeof operatorSchema>;

export const authStateSchema = z.object({
  needsSetup: z.boolean(),
  operator: operatorSchema.nullable(),
  locked: z.boolean(),
  idleLockMinutes: z.number().int().positive(),
  /** Present on a screen that follows the main station's operator (the video wall), never logged in by hand. */
  follows: z.literal(true).optional(),
});
export type AuthState = z.infer<typeof authStateSchema>;
