import { serverFrameSchema, type ClientFrame } from '../../shared/contract/wire';
import type { RpcResult } from '../../shared/contract';
import type { Transport, TransportState } from './transport';

interface Pending {
  resolve(result: RpcResult<unknown>): void;
}

/**
 * Headless host: one WebSocket to the page's own origin, authenticated by the session cookie
 * the launch URL set. Calls made while the socket is down fail fast with UNAVAILABLE rather
 * than queue up and fire later: a control command must never run minutes after it was clicked.
 */
export function createWsTransport(url: string): Transport {
  let socket: WebSocket | null = null;
  let state: TransportState = 'connecting';
  let nextId = 1;
  let retryMs = 500;
  const pending = new Map<number, Pending>();
  const eventListeners = new Set<(name: string, payload: unknown) => void>();
  const stateListeners = new Set<(s: TransportState) => void>();

  const setState = (s: TransportState) => {
    state = s;
    for (const l of stateListeners) l(s);
  };

  const failAll = (message: string) => {
    for (const [id, p] of pending) {
      pending.delete(id);
      p.resolve({ ok: false, error: { code: 'UNAVAILABLE', message } });
    }
  };

  const connect = () => {
    setState('connecting');
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = 500;
      setState('open');
    };
    ws.onmessage = (msg) => {
      let frame;
      try {
        frame = serverFrameSchema.parse(JSON.parse(String(msg.data)));
      } catch {
        return; // A frame we cannot read is dropped; the call it answers times out as UNAVAILABLE.
      }
      if (frame.t === 'res') {
        const p = pending.get(frame.id);
        if (p) {
          pending.delete(frame.id);
          p.resolve(frame.r as RpcResult<unknown>);
        }
      } else {
        for (const l of eventListeners) l(frame.n, frame.p);
      }
    };
    ws.onclose = () => {
      socket = null;
      failAll('connection to the console host was lost');
      setState('closed');
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    };
  };
  connect();

  return {
    kind: 'ws',
    call(method, arg) {
      if (!socket || state !== 'open') {
        return new Promise((resolve) => {
          // Give a socket that is just opening a moment before failing the call.
          const started = Date.now();
          const wait = () => {
            if (socket && state === 'open') resolve(this.call(method, arg));
            else if (Date.now() - started > 3000) resolve({ ok: false, error: { code: 'UNAVAILABLE', message: 'not connected to the console host' } });
            else setTimeout(wait, 50);
          };
          wait();
        });
      }
      const id = nextId++;
      const frame: ClientFrame = { t: 'req', id, m: method, a: arg === undefined ? {} : arg };
      return new Promise((resolve) => {
        pending.set(id, { resolve });
        socket!.send(JSON.stringify(frame));
      });
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onState(listener) {
      stateListeners.add(listener);
      listener(state);
      return () => stateListeners.delete(listener);
    },
  };
}
