import { describe, expect, it } from 'vitest';
import { IPC_EVENT_CHANNEL, ipcMethodChannel } from '../shared/contract/wire';
import { methodNames } from '../shared/contract';
import { PRELOAD_EVENT_CHANNEL, PRELOAD_METHODS_ARG, preloadMethodChannel } from '../shared/contract/preload-api';
import { buildIocIpcApi, parseMethodNames, type RendererIpc } from './build-api';

/** An ipcRenderer stand-in: records invokes, delivers events like Electron does (event first). */
type Listener = (event: unknown, ...args: unknown[]) => void;
class FakeIpc implements RendererIpc {
  readonly invoked: Array<{ channel: string; args: unknown[] }> = [];
  private readonly listeners = new Map<string, Listener[]>();
  async invoke(channel: string, ...args: unknown[]) {
    this.invoked.push({ channel, args });
    return { ok: true, value: channel };
  }
  on(channel: string, listener: Listener) {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
  }
  removeListener(channel: string, listener: Listener) {
    this.listeners.set(channel, (this.listeners.get(channel) ?? []).filter((l) => l !== listener));
  }
  listenerCount(channel: string) {
    return this.listeners.get(channel)?.length ?? 0;
  }
  deliver(name: unknown, payload: unknown) {
    for (const l of this.listeners.get(PRELOAD_EVENT_CHANNEL) ?? []) l({ sender: 'ipcRenderer itself' }, name, payload);
  }
}

const argv = (names: string[]) => ['/opt/ioc/ioc-console', '--type=renderer', `${PRELOAD_METHODS_ARG}${names.join(',')}`];

describe('channel names', () => {
  it('match the IPC transport\'s for every contract method', () => {
    expect(methodNames.length).toBeGreaterThan(0);
    for (const name of methodNames) expect(preloadMethodChannel(name)).toBe(ipcMethodChannel(name));
    expect(PRELOAD_EVENT_CHANNEL).toBe(IPC_EVENT_CHANNEL);
  });
});

describe('parseMethodNames', () => {
  it('reads back every contract method name the main process passes', () => {
    expect(parseMethodNames(argv(methodNames))).toEqual(methodNames);
  });

  it('ignores junk, duplicates and a missing argument', () => {
    expect(parseMethodNames(argv(['system.info', 'system.info', '__proto__', 'constructor', 'a.b;rm -rf', '', 'auth.login']))).toEqual([
      'system.info',
      'auth.login',
    ]);
    expect(parseMethodNames(['/opt/ioc/ioc-console'])).toEqual([]);
  });
});

describe('buildIocIpcApi', () => {
  it('exposes exactly one function per method, invoking its own channel with the argument', async () => {
    const ipc = new FakeIpc();
    const api = buildIocIpcApi(['system.info', 'displays.setPrefs'], ipc);
    expect(Object.keys(api.methods)).toEqual(['system.info', 'displays.setPrefs']);
    expect(Object.keys(api)).toEqual(['methods', 'onEvent']);
    await api.methods['displays.setPrefs']({ wallKiosk: true });
    expect(ipc.invoked).toEqual([{ channel: 'ioc:rpc:displays.setPrefs', args: [{ wallKiosk: true }] }]);
  });

  it('is frozen, so a page script cannot swap a method for its own', () => {
    const api = buildIocIpcApi(['system.info'], new FakeIpc());
    expect(Object.isFrozen(api) && Object.isFrozen(api.methods)).toBe(true);
    expect(() => {
      (api.methods as Record<string, unknown>)['system.info'] = () => 'evil';
    }).toThrow(TypeError);
  });

  it('relays events without the Electron event object, and unsubscribes once', () => {
    const ipc = new FakeIpc();
    const api = buildIocIpcApi([], ipc);
    const seen: unknown[][] = [];
    const off = api.onEvent((...args) => seen.push(args));
    ipc.deliver('system.status', { ok: 1 });
    ipc.deliver(42, 'not a name');
    expect(seen).toEqual([['system.status', { ok: 1 }]]);
    off();
    off();
    ipc.deliver('system.status', {});
    expect(seen).toHaveLength(1);
    expect(ipc.listenerCount(PRELOAD_EVENT_CHANNEL)).toBe(0);
  });
});
