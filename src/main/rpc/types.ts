import type { MethodName, MethodParams, MethodResult } from '../../shared/contract';
import type { Operator } from '../../shared/domain/operators';

/** One connected renderer: an Electron webContents or a WebSocket connection. */
export interface CallerContext {
  readonly sessionId: string;
  readonly transport: 'ipc' | 'ws';
}

/** What the router needs to know about a session before it lets a call through. */
export interface SessionGate {
  current(sessionId: string): { operator: Operator | null; locked: boolean };
}

export interface AuditRecord {
  actor: string;
  action: string;
  args: unknown;
  result: string;
}

export interface AuditSink {
  append(record: AuditRecord): Promise<unknown>;
}

export type Handler<M extends MethodName> = (
  params: MethodParams<M>,
  caller: CallerContext,
) => Promise<MethodResult<M>> | MethodResult<M>;

/** One handler per contract method: the compiler refuses a contract entry nobody serves. */
export type Handlers = { [M in MethodName]: Handler<M> };

export type PartialHandlers<K extends MethodName> = { [M in K]: Handler<M> };
