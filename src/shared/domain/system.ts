import { z } from 'zod';

/**
 * Connection state of one subsystem as the status bar shows it.
 * `off` is a subsystem the operator turned off; `unconfigured` one not set up on this station.
 */
export const subsystemStates = ['ok', 'degraded', 'down', 'off', 'unconfigured'] as const;
export const subsystemIds = ['store', 'map', 'cameras', 'fieldBus', 'analytics', 'sync'] as const;

export const subsystemStatusSchema = z.object({
  id: z.enum(subsystemIds),
  state: z.enum(subsystemStates),
  detail: z.string().optional(),
});
export type SubsystemStatus = z.infer<typeof subsystemStatusSchema>;

export const drillStateSchema = z.object({ active: z.boolean(), name: z.string().optional() });

export const systemStatusSchema = z.object({
  subsystems: z.array(subsystemStatusSchema),
  drill: drillStateSchema,
  serverTime: z.string(),
});
export type SystemStatus = z.infer<typeof systemStatusSchema>;

export const systemInfoSchema = z.object({
  appName: z.string(),
  version: z.string(),
  cityId: z.string(),
  /** Which host serves this renderer; shown in Cài đặt, never used to branch behaviour. */
  host: z.enum(['electron', 'headless']),
});
export type SystemInfo = z.infer<typeof systemInfoSchema>;

export const stationSettingsSchema = z.object({
  idleLockMinutes: z.number().int().min(1).max(240),
});
export type StationSettings = z.infer<typeof stationSettingsSchema>;
