import { afterEach, describe, expect, it, vi } from 'vitest';
import { methodNames } from '../../shared/contract';
import { IPC_EVENT_CHANNEL, ipcMethodChannel } from '../../shared/contract/wire';
import { EventHub } from '../rpc/event-hub';
import { RpcRouter } from '../rpc/router';
import type { CallerContext, Handlers } from '../rpc/types';

/**
 * Electron cannot start on this machine, so `ipcMain` is the one stand-in here: a registry of
 * handlers that refuses duplicates as Electron does. Everything behind it is real: the
 * transport, the router with contract validation, the event hub.
 */
type Handler = (event: unknown, arg: unknown) => unknown;
const ipcHandlers = vi.hoisted(() => new Map<string, (event: unknown, arg: unknown) => unknown>());
vi.mock('electron', () => ({
  ipcMain: {
    handle(channel: string, handler: Handler) {
      if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      ipcHandlers.set(channel, handler);
    },
    removeHandler(channel: string) {
      ipcHandlers.delete(channel);
    },
  },
}));

const { IpcTransport } = await import('./register-ipc');

interface Frame {
  processId: number;
  routingId: number;
  url: string;
}

class FakeWebContents {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: unknown[][] = [];
  readonly mainFrame: Frame;
  private destroyed = false;
  private readonly onDestroyed: Array<() => void> = [];
  constructor(url = 'app://ioc/index.html?role=station') {
    this.mainFrame = { processId: 10 + this.id, routingId: 1, url };
  }
  isDestroyed() {
    return this.destroyed;
  }
  send(...args: unknown[]) {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push(args);
  }
  once(event: string, listener: () => void) {
    if (event === 'destroyed') this.onDestroyed.push(listener);
  }
  destroy() {
    this.destroyed = true;
    this.onDestroyed.splice(0).forEach((l) => l());
  }
  subframe(url = 'app://ioc/index.html'): Frame {
    return { processId: this.mainFrame.processId, routingId: 2, url };
  }
}

function invoke(method: string, sender: FakeWebContents, arg?: unknown, frame: Frame | null = sender.mainFrame) {
  const handler = ipcHandlers.get(ipcMethodChannel(method));
  if (!handler) throw new Error(`no handler for ${method}`);
  return handler({ sender, senderFrame: frame }, arg) as Promise<unknown>;
}

const transports: Array<{ dispose(): void }> = [];
afterEach(() => {
  transports.splice(0).forEach((t) => t.dispose());
});

function makeTransport() {
  const open = new Set<string>();
  let next = 0;
  const calls: CallerContext[] = [];
  const sessionGate = { current: () => ({ operator: null, locked: false }) };
  const handlers = {
    'system.info': (_p: unknown, caller: CallerContext) => {
      calls.push(caller);
      return { appName: 'IOC Console', version: '0.1.0', cityId: 'dong-ha', host: 'electron' as const };
    },
  } as unknown as Handlers;
  const router = new RpcRouter({ handlers, sessions: sessionGate, audit: { append: async () => undefined } });
  const hub = new EventHub(sessionGate);
  const transport = new IpcTransport({
    router,
    hub,
    sessions: {
      open: () => {
        const id = `session-${++next}`;
        open.add(id);
        return id;
      },
      close: (id) => void open.delete(id),
    },
    trustedOrigins: ['app://ioc'],
  });
  transports.push(transport);
  return { transport, hub, calls, open };
}

describe('IpcTransport', () => {
  it('handles every contract method, and removes every handler on dispose', () => {
    const { transport } = makeTransport();
    expect([...ipcHandlers.keys()].sort()).toEqual(methodNames.map(ipcMethodChannel).sort());
    transport.dispose();
    expect(ipcHandlers.size).toBe(0);
  });

  it('dispatches a call from our window as that window\'s session', async () => {
    const { transport, calls } = makeTransport();
    const a = new FakeWebContents();
    const b = new FakeWebContents();
    transport.track(a as never);
    transport.track(b as never);
    expect(await invoke('system.info', a)).toMatchObject({ ok: true, value: { appName: 'IOC Console' } });
    await invoke('system.info', b);
    expect(calls.map((c) => c.transport)).toEqual(['ipc', 'ipc']);
    expect(calls[0]!.sessionId).not.toBe(calls[1]!.sessionId);
  });

  it('refuses calls from windows it does not track, iframes, foreign pages and vanished frames', async () => {
    const { transport, calls } = makeTransport();
    const ours = new FakeWebContents();
    transport.track(ours as never);
    const stranger = new FakeWebContents();
    const navigatedAway = new FakeWebContents('https://evil.example/');
    transport.track(navigatedAway as never);
    for (const attempt of [
      invoke('system.info', stranger),
      invoke('system.info', ours, undefined, ours.subframe()),
      invoke('system.info', navigatedAway),
      invoke('system.info', ours, undefined, null),
    ]) {
      expect(await attempt).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    }
    expect(calls).toHaveLength(0);
  });

  it('lets the router answer malformed arguments with INVALID_ARGUMENT, never throwing', async () => {
    const { transport } = makeTransport();
    const wc = new FakeWebContents();
    transport.track(wc as never);
    expect(await invoke('system.info', wc, { unexpected: true })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await invoke('system.info', wc, 'x'.repeat(10_000))).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('sends events to the window on the event channel, and stops when the window is destroyed', () => {
    const { transport, hub, open } = makeTransport();
    const wc = new FakeWebContents();
    transport.track(wc as never);
    transport.track(wc as never);
    expect(open.size).toBe(1);
    const state = { needsSetup: true, operator: null, locked: false, idleLockMinutes: 10 };
    hub.publish('auth.state', state);
    expect(wc.sent).toEqual([[IPC_EVENT_CHANNEL, 'auth.state', state]]);
    wc.destroy();
    expect(open.size).toBe(0);
    expect(hub.clientCount).toBe(0);
    hub.publish('auth.state', state);
    expect(wc.sent).toHaveLength(1);
  });

  it('closes every window session on dispose', () => {
    const { transport, open, hub } = makeTransport();
    transport.track(new FakeWebContents() as never);
    transport.track(new FakeWebContents() as never);
    expect(open.size).toBe(2);
    transport.dispose();
    expect(open.size).toBe(0);
    expect(hub.clientCount).toBe(0);
  });
});
