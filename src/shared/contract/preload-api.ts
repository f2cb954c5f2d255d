import type { RpcResult } from './errors';
import type { EventName, MethodArg, MethodName, MethodResult } from './index';

/**
 * What the Electron preload puts on `window.iocIpc`, and nothing more: one function per
 * contract method and one way to hear events. This file is deliberately free of zod and of
 * any runtime import, because the sandboxed preload can load no third-party module.
 */
export const IOC_IPC_GLOBAL = 'iocIpc';

/**
 * The main process passes the contract's method names to the preload on its command line
 * (webPreferences.additionalArguments), so the preload always serves exactly the contract
 * without bundling it.
 */
export const PRELOAD_METHODS_ARG = '--ioc-methods=';

/** Same strings as `ipcMethodChannel` / `IPC_EVENT_CHANNEL` in wire.ts (a test holds them together). */
export const preloadMethodChannel = (method: string) => `ioc:rpc:${method}`;
export const PRELOAD_EVENT_CHANNEL = 'ioc:event';

/** Methods whose argument is optional may be called without one. */
type MethodArgs<M extends MethodName> = undefined extends MethodArg<M> ? [arg?: MethodArg<M>] : [arg: MethodArg<M>];

export type IocIpcMethods = {
  readonly [M in MethodName]: (...args: MethodArgs<M>) => Promise<RpcResult<MethodResult<M>>>;
};

export interface IocIpcApi {
  readonly methods: IocIpcMethods;
  /** Every contract event for this window's session; returns the unsubscribe. */
  onEvent(listener: (name: EventName, payload: unknown) => void): () => void;
}
