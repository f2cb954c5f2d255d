import { randomUUID } from 'node:crypto';

export interface Session {
  readonly id: string;
  operatorId: string | null;
  locked: boolean;
  /** Epoch ms of the last sign of the operator at this screen. */
  lastActivity: number;
  /** The session this one mirrors (the video wall follows the main station), if any. */
  leader?: string;
}

/** Sessions of connected renderers (one per window or browser tab), held in memory only. */
export class SessionTable {
  private readonly sessions = new Map<string, Session>();

  open(now: number): Session {
    const session: Session = { id: randomUUID(), operatorId: null, locked: false, lastActivity: now };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string): Session | undefined {
    return typeof id === 'string' ? this.sessions.get(id) : undefined;
  }

  close(id: string): boolean {
    return this.sessions.delete(id);
  }

  all(): Session[] {
    return [...this.sessions.values()];
  }

  followersOf(leaderId: string): Session[] {
    return this.all().filter((s) => s.leader === leaderId);
  }

  ofOperator(operatorId: string): Session[] {
    return this.all().filter((s) => s.operatorId === operatorId);
  }

  clear(): void {
    this.sessions.clear();
  }
}
