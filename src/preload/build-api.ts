import type { EventName } from '../shared/contract';
import { PRELOAD_EVENT_CHANNEL, PRELOAD_METHODS_ARG, preloadMethodChannel, type IocIpcApi, type IocIpcMethods } from '../shared/contract/preload-api';

/** The slice of ipcRenderer the bridge uses; the real one never leaves this module's closure. */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** Contract method names look like "area.action"; anything else on the command line is ignored. */
const METHOD_NAME = /^[a-z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*)+$/;
const MAX_METHODS = 1000;

/** Reads the method names the main process passed in `additionalArguments`. */
export function parseMethodNames(argv: readonly string[]): string[] {
  const arg = argv.find((a) => a.startsWith(PRELOAD_METHODS_ARG));
  if (!arg) return [];
  const names = arg.slice(PRELOAD_METHODS_ARG.length).split(',').filter((n) => n.length <= 100 && METHOD_NAME.test(n));
  return [...new Set(names)].slice(0, MAX_METHODS);
}

/**
 * Builds `window.iocIpc`: a frozen object of plain functions. Listeners get the event name and
 * payload only, never Electron's IPC event (its `sender` would hand the page ipcRenderer).
 */
export function buildIocIpcApi(methodNames: readonly string[], ipc: RendererIpc): IocIpcApi {
  // A plain object (contextBridge copies plain objects); names passed the pattern, so no "__proto__".
  const methods: Record<string, (arg?: unknown) => Promise<unknown>> = {};
  for (const name of methodNames) {
    const channel = preloadMethodChannel(name);
    methods[name] = (arg?: unknown) => ipc.invoke(channel, arg);
  }
  return Object.freeze({
    methods: Object.freeze(methods) as unknown as IocIpcMethods,
    onEvent(listener: (name: EventName, payload: unknown) => void): () => void {
      if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
      const relay = (_event: unknown, name: unknown, payload: unknown) => {
        if (typeof name === 'string') listener(name as EventName, payload);
      };
      ipc.on(PRELOAD_EVENT_CHANNEL, relay as (event: unknown, ...args: unknown[]) => void);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipc.removeListener(PRELOAD_EVENT_CHANNEL, relay as (event: unknown, ...args: unknown[]) => void);
      };
    },
  });
}
