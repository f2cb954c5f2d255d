import { randomUUID } from 'node:crypto';
import { RpcError } from '../../../shared/contract/errors';
import { isFinished, needsConfirmation, type CommandRecord, type CommandStatus, type FieldCommandOp } from '../../../shared/domain/field-commands';
import type { ReplyMessage } from '../../../shared/domain/field-protocol';
import type { AuditSink } from '../../rpc/types';
import type { CommandResult } from './command-client';

export interface CommandDeskDeps {
  /** Sends the command to its controller (same id on a retry) and resolves with the final answer. */
  dispatch(record: CommandRecord, onProgress: (reply: ReplyMessage) => void): Promise<CommandResult>;
  audit: AuditSink;
  onChange(record: CommandRecord, event: string, actor: string | null): void;
  clock?: () => number;
  /** How long a dangerous command waits for a supervisor before it lapses. */
  confirmTtlMs?: number;
  historyLimit?: number;
}

export interface CommandRequest {
  targetId: string;
  op: FieldCommandOp;
  reason?: string | null;
  actor: string;
}

/**
 * Where commands are asked for, confirmed, sent and answered. Dangerous commands wait for a
 * supervisor; every step is kept (who, when, the controller's answer) and the controller's
 * final answer goes to the audit log beside the call that caused it.
 */
export class CommandDesk {
  private readonly records = new Map<string, CommandRecord>();
  private readonly clock: () => number;

  constructor(private readonly deps: CommandDeskDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  async request(request: CommandRequest): Promise<CommandRecord> {
    const confirm = needsConfirmation(request.op);
    const record: CommandRecord = {
      id: randomUUID(),
      targetId: request.targetId,
      op: request.op,
      reason: request.reason ?? null,
      requestedBy: request.actor,
      requestedAt: this.clock(),
      needsConfirmation: confirm,
      confirmedBy: null,
      confirmedAt: null,
      status: confirm ? 'awaitingConfirmation' : 'sending',
      reply: null,
      attempts: 0,
      finishedAt: null,
    };
    this.save(record, 'requested', request.actor);
    if (confirm) return record;
    return this.send(record.id);
  }

  async confirm(id: string, actor: string): Promise<CommandRecord> {
    const record = this.pendingConfirmation(id);
    this.save({ ...record, confirmedBy: actor, confirmedAt: this.clock(), status: 'sending' }, 'confirmed', actor);
    return this.send(id);
  }

  reject(id: string, actor: string): CommandRecord {
    const record = this.pendingConfirmation(id);
    return this.save({ ...record, status: 'rejected', finishedAt: this.clock() }, 'rejected', actor);
  }

  /** Sends a timed-out command again under the same id: if it did run, the controller says so instead of running it twice. */
  async retry(id: string, actor: string): Promise<CommandRecord> {
    const record = this.get(id);
    if (record.status !== 'timeout') throw new RpcError('CONFLICT', `command ${id} is ${record.status}; only a command that timed out can be retried`);
    this.save({ ...record, status: 'sending', finishedAt: null }, 'retried', actor);
    return this.send(id);
  }

  /** A reply that arrived after we stopped waiting: the record shows what the controller finally said. */
  lateReply(reply: ReplyMessage): void {
    if (reply.id === null) return;
    const record = this.records.get(reply.id);
    if (!record || (record.status !== 'timeout' && record.status !== 'sending' && record.status !== 'accepted')) return;
    const status: CommandStatus = reply.status === 'accepted' ? record.status : reply.status;
    this.save({ ...record, status, reply: toReply(reply), finishedAt: isFinished(status) ? this.clock() : record.finishedAt }, `late:${reply.status}`, null);
  }

  /** Lapses confirmations nobody gave in time. */
  expireStale(): void {
    const ttl = this.deps.confirmTtlMs ?? 5 * 60_000;
    const now = this.clock();
    for (const record of this.records.values()) {
      if (record.status === 'awaitingConfirmation' && now - record.requestedAt > ttl) this.save({ ...record, status: 'expired', finishedAt: now }, 'expired', null);
    }
  }

  get(id: string): CommandRecord {
    const record = this.records.get(id);
    if (!record) throw new RpcError('NOT_FOUND', `no command ${id}`);
    return record;
  }

  list(limit = 100, targetId?: string): CommandRecord[] {
    const all = [...this.records.values()].filter((r) => !targetId || r.targetId === targetId);
    return all.slice(-limit).reverse();
  }

  private pendingConfirmation(id: string): CommandRecord {
    this.expireStale();
    const record = this.get(id);
    if (record.status !== 'awaitingConfirmation') throw new RpcError('CONFLICT', `command ${id} is ${record.status}, not awaiting confirmation`);
    return record;
  }

  private async send(id: string): Promise<CommandRecord> {
    const before = this.get(id);
    this.save({ ...before, attempts: before.attempts + 1 }, 'sent', null);
    let result: CommandResult;
    try {
      result = await this.deps.dispatch(this.get(id), (reply) => {
        if (reply.status === 'accepted') this.save({ ...this.get(id), status: 'accepted', reply: toReply(reply) }, 'accepted', null);
      });
    } catch (err) {
      // Not sent at all (no gateway): the record says so and the caller gets the error.
      this.save({ ...this.get(id), status: 'failed', finishedAt: this.clock() }, 'notSent', null);
      throw err;
    }
    const current = this.get(id);
    const finished =
      result.status === 'timeout'
        ? { ...current, status: 'timeout' as const, finishedAt: this.clock() }
        : { ...current, status: result.status, reply: toReply(result.reply), finishedAt: this.clock() };
    this.save(finished, result.status, null);
    await this.deps.audit
      .append({
        actor: current.confirmedBy ?? current.requestedBy,
        action: 'field.reply',
        args: { commandId: id, targetId: current.targetId, op: current.op.type, attempts: current.attempts },
        result: result.status === 'timeout' ? (result.accepted ? 'timeout:accepted' : 'timeout') : result.reply.code ? `${result.status}:${result.reply.code}` : result.status,
      })
      .catch(() => {
        // The command already ran; an audit failure is reported by the audit log itself.
      });
    return finished;
  }

  private save(record: CommandRecord, event: string, actor: string | null): CommandRecord {
    this.records.delete(record.id);
    this.records.set(record.id, record);
    const limit = this.deps.historyLimit ?? 1_000;
    if (this.records.size > limit) {
      for (const [key, r] of this.records) {
        if (this.records.size <= limit) break;
        if (isFinished(r.status)) this.records.delete(key);
      }
    }
    this.deps.onChange(record, event, actor);
    return record;
  }
}

function toReply(reply: ReplyMessage): NonNullable<CommandRecord['reply']> {
  return { status: reply.status, code: reply.code ?? null, reason: reply.reason ?? null, duplicate: reply.duplicate ?? false, at: reply.ts };
}
