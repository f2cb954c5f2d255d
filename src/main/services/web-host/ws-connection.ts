import type { WebSocket } from 'ws';
import { clientFrameSchema, type ServerFrame } from '../../../shared/contract/wire';
import type { EventHub } from '../../rpc/event-hub';
import type { RpcRouter } from '../../rpc/router';
import type { Logger } from '../log/logger';

export interface ConnectionDeps {
  router: Pick<RpcRouter, 'dispatch'>;
  hub: Pick<EventHub, 'attach'>;
  sessions: { open(): string; close(sessionId: string): void };
  log: Logger;
  /** Calls a client may have in flight; more are refused rather than queued without bound. */
  maxInFlight?: number;
  /** Above this many buffered bytes a slow client stops receiving events (they are counted). */
  maxBufferedBytes?: number;
}

export interface ConnectionStats {
  requests: number;
  badFrames: number;
  refusedBusy: number;
  droppedEvents: number;
}

/** Serves one WebSocket: one RPC session, its events, and nothing it sends can crash the host. */
export function serveConnection(socket: WebSocket, deps: ConnectionDeps): ConnectionStats {
  const maxInFlight = deps.maxInFlight ?? 64;
  const maxBuffered = deps.maxBufferedBytes ?? 8 * 1024 * 1024;
  const stats: ConnectionStats = { requests: 0, badFrames: 0, refusedBusy: 0, droppedEvents: 0 };
  const sessionId = deps.sessions.open();
  let inFlight = 0;

  const send = (frame: ServerFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };

  const attachment = deps.hub.attach({
    sessionId,
    send(name, payload) {
      if (socket.bufferedAmount > maxBuffered) {
        stats.droppedEvents++;
        return;
      }
      send({ t: 'evt', n: name, p: payload });
    },
  });

  socket.on('message', (data, isBinary) => {
    stats.requests++;
    const frame = parseFrame(data, isBinary);
    if (!frame.ok) {
      stats.badFrames++;
      if (frame.id !== undefined) send({ t: 'res', id: frame.id, r: { ok: false, error: { code: 'INVALID_ARGUMENT', message: frame.message } } });
      return;
    }
    const { id, m, a } = frame.value;
    if (inFlight >= maxInFlight) {
      stats.refusedBusy++;
      send({ t: 'res', id, r: { ok: false, error: { code: 'RATE_LIMITED', message: 'too many calls in flight', details: { retryAfterMs: 100 } } } });
      return;
    }
    inFlight++;
    deps.router
      .dispatch({ sessionId, transport: 'ws' }, m, a)
      .then((r) => send({ t: 'res', id, r }))
      .catch((err: unknown) => {
        deps.log.error('dispatch threw', { method: m, err });
        send({ t: 'res', id, r: { ok: false, error: { code: 'INTERNAL', message: 'internal error' } } });
      })
      .finally(() => inFlight--);
  });

  socket.on('close', () => {
    attachment.dispose();
    deps.sessions.close(sessionId);
    if (stats.badFrames || stats.droppedEvents || stats.refusedBusy) deps.log.warn('connection closed with problems', { ...stats });
  });
  socket.on('error', (err) => deps.log.warn('websocket error', { err }));
  return stats;
}

type Parsed =
  | { ok: true; value: { id: number; m: string; a: unknown } }
  | { ok: false; id?: number; message: string };

function parseFrame(data: unknown, isBinary: boolean): Parsed {
  if (isBinary) return { ok: false, message: 'binary frames are not accepted' };
  let json: unknown;
  try {
    json = JSON.parse(String(data));
  } catch {
    return { ok: false, message: 'frame is not valid JSON' };
  }
  const parsed = clientFrameSchema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const id = typeof (json as { id?: unknown })?.id === 'number' ? (json as { id: number }).id : undefined;
  return { ok: false, id, message: 'frame does not match {t:"req", id, m, a}' };
}
