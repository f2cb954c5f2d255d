import type { Disposable } from '../../shared/lib/lifecycle';

export interface SessionOpener {
  open(): string;
  close(sessionId: string): void;
}

/**
 * One session per window: opened when the shell starts tracking a webContents, closed when it
 * is destroyed. A renderer can only ever act as the session of the window it lives in.
 */
export class IpcSessionRegistry implements Disposable {
  private readonly byWebContents = new Map<number, string>();

  constructor(private readonly sessions: SessionOpener) {}

  /** Opens the window's session (once; tracking the same webContents again returns it). */
  attach(webContentsId: number): string {
    const existing = this.byWebContents.get(webContentsId);
    if (existing !== undefined) return existing;
    const sessionId = this.sessions.open();
    this.byWebContents.set(webContentsId, sessionId);
    return sessionId;
  }

  detach(webContentsId: number): void {
    const sessionId = this.byWebContents.get(webContentsId);
    if (sessionId === undefined) return;
    this.byWebContents.delete(webContentsId);
    this.sessions.close(sessionId);
  }

  sessionFor(webContentsId: number): string | undefined {
    return this.byWebContents.get(webContentsId);
  }

  get size(): number {
    return this.byWebContents.size;
  }

  dispose(): void {
    for (const id of [...this.byWebContents.keys()]) this.detach(id);
  }
}
