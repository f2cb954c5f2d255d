import type { Operator } from '../../shared/domain/operators';
import type { Role } from '../../shared/domain/roles';
import type { AuditRecord, AuditSink, SessionGate } from './types';

/** Small fakes for the router's two collaborators; the real ones are tested on their own. */
export function makeOperator(role: Role, username = role): Operator {
  return { id: `op-${username}`, username, displayName: username, role, disabled: false, createdAt: '2026-11-22T00:00:00.000Z' };
}

export class FakeSessions implements SessionGate {
  readonly sessions = new Map<string, { operator: Operator | null; locked: boolean }>();
  as(sessionId: string, role: Role | null, locked = false): this {
    this.sessions.set(sessionId, { operator: role ? makeOperator(role) : null, locked });
    return this;
  }
  current(sessionId: string) {
    return this.sessions.get(sessionId) ?? { operator: null, locked: false };
  }
}

export class RecordingAudit implements AuditSink {
  readonly records: AuditRecord[] = [];
  async append(record: AuditRecord) {
    this.records.push(record);
  }
}
