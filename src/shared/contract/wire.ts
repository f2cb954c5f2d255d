import { z } from 'zod';
import { rpcResultSchema } from './errors';

/**
 * Frames of the WebSocket transport. The IPC transport needs none of this: Electron's
 * invoke/handle pairs requests with replies, so only the method name and argument cross.
 */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;

export const clientFrameSchema = z.object({
  t: z.literal('req'),
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  m: z.string().min(1).max(100),
  a: z.unknown(),
});
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export const serverFrameSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('res'), id: z.number(), r: rpcResultSchema }),
  z.object({ t: z.literal('evt'), n: z.string(), p: z.unknown() }),
]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;

/** IPC channel names: one per contract method, plus one for every event. */
export const ipcMethodChannel = (method: string) => `ioc:rpc:${method}`;
export const IPC_EVENT_CHANNEL = 'ioc:event';
