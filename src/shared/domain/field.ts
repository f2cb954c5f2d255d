import { z } from 'zod';
import { commandRecordSchema, controllerKinds } from './field-commands';
import { cabinetStateSchema } from './field-lighting';
import { gaugeStateSchema } from './field-flood';
import { controllerEventSchema } from './field-protocol';
import { signalStateSchema, timingRecommendationSchema } from './field-signals';

/** What the console knows about the field: the shapes the contract carries to the renderer. */
export const controllerLinkSchema = z.object({
  id: z.string(),
  kind: z.enum(controllerKinds),
  online: z.boolean(),
  /** Console clock, epoch ms, of the last message from this controller. */
  lastSeen: z.number().int().nullable(),
  /** The controller's own heartbeat interval; offline after three of them pass in silence. */
  heartbeatMs: z.number().int().positive(),
  /** Whether the controller itself reports its link up (it can be reachable yet still flushing its outbox). */
  linkUp: z.boolean(),
});
export type ControllerLink = z.infer<typeof controllerLinkSchema>;

const withMeta = <T extends z.ZodType>(state: T) =>
  z.object({ id: z.string(), ts: z.number().int(), receivedAt: z.number().int(), state });

export const signalEntrySchema = withMeta(signalStateSchema);
export const cabinetEntrySchema = withMeta(cabinetStateSchema);
export const gaugeEntrySchema = withMeta(gaugeStateSchema);
export type SignalEntry = z.infer<typeof signalEntrySchema>;
export type CabinetEntry = z.infer<typeof cabinetEntrySchema>;
export type GaugeEntry = z.infer<typeof gaugeEntrySchema>;

export const fieldEventEntrySchema = z.object({ controllerId: z.string(), receivedAt: z.number().int(), event: controllerEventSchema });
export type FieldEventEntry = z.infer<typeof fieldEventEntrySchema>;

/** Counters the status bar and the bus panel show; every message that did not make it is counted somewhere here. */
export const busStatsSchema = z.object({
  received: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
  oversized: z.number().int().nonnegative(),
  malformed: z.number().int().nonnegative(),
  unknownVersion: z.number().int().nonnegative(),
  invalid: z.number().int().nonnegative(),
  /** Sequence gaps: messages a controller published that never arrived (dropped at a high-water mark or on a cut link). */
  lost: z.number().int().nonnegative(),
  /** Messages received twice or out of order (sequence went backwards within one boot). */
  duplicates: z.number().int().nonnegative(),
  /** Rows the store refused because its backlog was full. */
  storeDropped: z.number().int().nonnegative(),
  stored: z.number().int().nonnegative(),
  /** CURVE handshakes refused: a peer whose key is not trusted, or that does not trust us. */
  authFailures: z.number().int().nonnegative(),
  commandsSent: z.number().int().nonnegative(),
  commandTimeouts: z.number().int().nonnegative(),
  lateReplies: z.number().int().nonnegative(),
});
export type BusStats = z.infer<typeof busStatsSchema>;

export const emptyBusStats = (): BusStats => ({
  received: 0,
  accepted: 0,
  oversized: 0,
  malformed: 0,
  unknownVersion: 0,
  invalid: 0,
  lost: 0,
  duplicates: 0,
  storeDropped: 0,
  stored: 0,
  authFailures: 0,
  commandsSent: 0,
  commandTimeouts: 0,
  lateReplies: 0,
});

export const simulatorStatusSchema = z.object({
  state: z.enum(['off', 'starting', 'running', 'restarting', 'failed']),
  pid: z.number().int().nullable(),
  restarts: z.number().int().nonnegative(),
  detail: z.string().nullable(),
});
export type SimulatorStatus = z.infer<typeof simulatorStatusSchema>;

export const fieldSnapshotSchema = z.object({
  connected: z.boolean(),
  controllers: z.array(controllerLinkSchema),
  signals: z.array(signalEntrySchema),
  lighting: z.array(cabinetEntrySchema),
  flood: z.array(gaugeEntrySchema),
  recommendations: z.array(timingRecommendationSchema),
  events: z.array(fieldEventEntrySchema),
  stats: busStatsSchema,
  simulator: simulatorStatusSchema,
});
export type FieldSnapshot = z.infer<typeof fieldSnapshotSchema>;

/** What changed since the last update: sent a few times a second, never one event per bus message. */
export const fieldUpdateSchema = z.object({
  connected: z.boolean(),
  controllers: z.array(controllerLinkSchema),
  signals: z.array(signalEntrySchema),
  lighting: z.array(cabinetEntrySchema),
  flood: z.array(gaugeEntrySchema),
  recommendations: z.array(timingRecommendationSchema),
  events: z.array(fieldEventEntrySchema),
  stats: busStatsSchema,
  simulator: simulatorStatusSchema,
});
export type FieldUpdate = z.infer<typeof fieldUpdateSchema>;

export const levelPointSchema = z.object({ t: z.number().int(), levelM: z.number(), rainMmH: z.number() });
export type LevelPoint = z.infer<typeof levelPointSchema>;

export const scenarioInfoSchema = z.object({ name: z.string(), title: z.string(), description: z.string(), durationS: z.number() });
export type ScenarioInfo = z.infer<typeof scenarioInfoSchema>;

export { commandRecordSchema };
