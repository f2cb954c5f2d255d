import {
  events,
  isEventName,
  type EventName,
  type EventPayload,
  type MethodArg,
  type MethodName,
  type MethodResult,
  type RpcErrorCode,
} from '../../shared/contract';
import type { IocIpcApi } from '../../shared/contract/preload-api';
import { createIpcTransport } from './ipc-transport';
import type { Transport, TransportState } from './transport';
import { createWsTransport } from './ws-transport';

/**
 * The only module in the renderer that knows how it reaches the main process. Everything
 * else calls `rpc(method, arg)` and `onEvent(name, listener)`, typed by the shared contract,
 * and cannot tell Electron IPC from the headless WebSocket.
 */
export class RpcCallError extends Error {
  constructor(
    readonly code: RpcErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'RpcCallError';
  }
}

let transport: Transport | null = null;

function getTransport(): Transport {
  if (!transport) {
    const ipc = (globalThis as { iocIpc?: IocIpcApi }).iocIpc;
    transport = ipc ? createIpcTransport(ipc) : createWsTransport(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
  }
  return transport;
}

/** Tests may substitute a transport; production code never calls this. */
export function useTransportForTests(t: Transport): void {
  transport = t;
}

export async function rpc<M extends MethodName>(method: M, arg: MethodArg<M>): Promise<MethodResult<M>> {
  const result = await getTransport().call(method, arg);
  if (!result.ok) throw new RpcCallError(result.error.code, result.error.message, result.error.details);
  return result.value as MethodResult<M>;
}

export function onEvent<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
  return getTransport().onEvent((n, payload) => {
    if (n !== name || !isEventName(n)) return;
    // Events are validated where they are received, like every other boundary crossing.
    const parsed = events[name].payload.safeParse(payload);
    if (parsed.success) listener(parsed.data as EventPayload<E>);
  });
}

export function onConnectionState(listener: (state: TransportState) => void): () => void {
  return getTransport().onState(listener);
}

export function transportKind(): 'ipc' | 'ws' {
  return getTransport().kind;
}
