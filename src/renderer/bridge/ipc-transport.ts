import type { IocIpcApi } from '../../shared/contract/preload-api';
import type { Transport } from './transport';

/** Electron: the sandboxed preload exposes one function per contract method on window.iocIpc. */
export function createIpcTransport(api: IocIpcApi): Transport {
  return {
    kind: 'ipc',
    call(method, arg) {
      const fn = api.methods[method as keyof typeof api.methods];
      if (!fn) return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_METHOD', message: `unknown method "${method}"` } });
      return fn(arg as never);
    },
    onEvent: (listener) => api.onEvent(listener),
    onState(listener) {
      listener('open');
      return () => {};
    },
  };
}
