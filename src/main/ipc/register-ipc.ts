import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { methodNames, type RpcResult } from '../../shared/contract';
import { IPC_EVENT_CHANNEL, ipcMethodChannel } from '../../shared/contract/wire';
import type { Disposable } from '../../shared/lib/lifecycle';
import type { EventClient } from '../rpc/event-hub';
import type { CallerContext } from '../rpc/types';
import { IpcSessionRegistry, type SessionOpener } from './ipc-sessions';
import { checkSender, type IpcSender } from './sender-check';

export interface IpcTransportDeps {
  router: { dispatch(caller: CallerContext, method: string, arg: unknown): Promise<RpcResult<unknown>> };
  hub: { attach(client: EventClient): Disposable };
  sessions: SessionOpener;
  /** Origins our own pages are served from: app://ioc, plus the dev server in development. */
  trustedOrigins: readonly string[];
}

/**
 * The Electron IPC transport of the contract, and the only code that touches ipcMain: one
 * handler per contract method, each checking its sender before the router sees the call.
 */
export class IpcTransport implements Disposable {
  private readonly registry: IpcSessionRegistry;
  private readonly channels: string[] = [];
  private readonly tracked = new Map<number, Disposable>();

  constructor(private readonly deps: IpcTransportDeps) {
    this.registry = new IpcSessionRegistry(deps.sessions);
    for (const name of methodNames) {
      const channel = ipcMethodChannel(name);
      ipcMain.handle(channel, (event, arg: unknown) => this.call(event, name, arg));
      this.channels.push(channel);
    }
  }

  /** Gives a window of ours its session and its event feed, both ending with the window; returns the session. */
  track(webContents: WebContents): string | null {
    if (webContents.isDestroyed()) return null;
    if (this.tracked.has(webContents.id)) return this.registry.sessionFor(webContents.id) ?? null;
    const id = webContents.id;
    const sessionId = this.registry.attach(id);
    const feed = this.deps.hub.attach({
      sessionId,
      send: (name, payload) => {
        if (!webContents.isDestroyed()) webContents.send(IPC_EVENT_CHANNEL, name, payload);
      },
    });
    this.tracked.set(id, feed);
    webContents.once('destroyed', () => this.untrack(id));
    return sessionId;
  }

  dispose(): void {
    for (const channel of this.channels) ipcMain.removeHandler(channel);
    this.channels.length = 0;
    for (const id of [...this.tracked.keys()]) this.untrack(id);
    this.registry.dispose();
  }

  private untrack(id: number): void {
    void this.tracked.get(id)?.dispose();
    this.tracked.delete(id);
    this.registry.detach(id);
  }

  private async call(event: IpcMainInvokeEvent, method: string, arg: unknown): Promise<RpcResult<unknown>> {
    const verdict = checkSender(describeSender(event), (id) => this.registry.sessionFor(id), this.deps.trustedOrigins);
    if (!verdict.ok) return { ok: false, error: verdict.error };
    return this.deps.router.dispatch({ sessionId: verdict.sessionId, transport: 'ipc' }, method, arg);
  }
}

function describeSender(event: IpcMainInvokeEvent): IpcSender {
  const frame = event.senderFrame;
  const main = event.sender.isDestroyed() ? null : event.sender.mainFrame;
  return {
    webContentsId: event.sender.id,
    frame: frame && main ? { url: frame.url, isMainFrame: frame.processId === main.processId && frame.routingId === main.routingId } : null,
  };
}
