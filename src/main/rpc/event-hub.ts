import { events, type EventName, type EventPayload } from '../../shared/contract';
import { roleAllows, type Permission } from '../../shared/domain/roles';
import type { Disposable } from '../../shared/lib/lifecycle';
import type { SessionGate } from './types';

/** A connected renderer that can receive events (a webContents or a WebSocket). */
export interface EventClient {
  readonly sessionId: string;
  send(name: EventName, payload: unknown): void;
}

/**
 * Fans service events out to connected renderers. Every payload is checked against the
 * contract before it leaves, and each client receives only what its session may see.
 */
export class EventHub implements Disposable {
  private readonly clients = new Set<EventClient>();

  constructor(
    private readonly sessions: SessionGate,
    private readonly onInvalidPayload: (name: string, err: unknown) => void = () => {},
  ) {}

  attach(client: EventClient): Disposable {
    this.clients.add(client);
    return { dispose: () => void this.clients.delete(client) };
  }

  get clientCount(): number {
    return this.clients.size;
  }

  publish<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const checked = this.check(name, payload);
    if (checked === undefined) return;
    for (const client of this.clients) if (this.mayReceive(client.sessionId, name)) safeSend(client, name, checked);
  }

  /** Sends to one session only (its own auth state, say). */
  publishTo<E extends EventName>(sessionId: string, name: E, payload: EventPayload<E>): void {
    const checked = this.check(name, payload);
    if (checked === undefined) return;
    for (const client of this.clients) {
      if (client.sessionId === sessionId && this.mayReceive(sessionId, name)) safeSend(client, name, checked);
    }
  }

  dispose(): void {
    this.clients.clear();
  }

  private check(name: EventName, payload: unknown): unknown {
    const parsed = events[name].payload.safeParse(payload);
    if (!parsed.success) {
      this.onInvalidPayload(name, parsed.error);
      return undefined;
    }
    return parsed.data;
  }

  private mayReceive(sessionId: string, name: EventName): boolean {
    const access = events[name].access;
    if (access === 'public') return true;
    const { operator, locked } = this.sessions.current(sessionId);
    if (!operator || locked) return false;
    return access === 'session' || roleAllows(operator.role, access as Permission);
  }
}

function safeSend(client: EventClient, name: EventName, payload: unknown): void {
  try {
    client.send(name, payload);
  } catch {
    // A client that went away mid-send is detached by its transport; others still get the event.
  }
}
