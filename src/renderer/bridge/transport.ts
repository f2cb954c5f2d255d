import type { RpcResult } from '../../shared/contract';

/** What the bridge needs from a transport: send one call, hear every event. */
export interface Transport {
  readonly kind: 'ipc' | 'ws';
  call(method: string, arg: unknown): Promise<RpcResult<unknown>>;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
  /** Connection state for the status bar; IPC is always "open". */
  onState(listener: (state: TransportState) => void): () => void;
}

export type TransportState = 'connecting' | 'open' | 'closed';
