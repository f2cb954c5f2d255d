import { randomUUID } from 'node:crypto';
import { Dealer } from 'zeromq';
import type { FieldCommandOp } from '../../../shared/domain/field-commands';
import {
  decodeReply,
  encodeMessage,
  FIELD_TRANSPORT_MAX_BYTES,
  FieldDecodeError,
  type CommandMessage,
  type ReplyMessage,
} from '../../../shared/domain/field-protocol';
import type { KeyPair } from './curve-keys';
import { SerialSender } from './serial-sender';

export interface CommandClientOptions {
  endpoint: string;
  serverKey: string;
  keys: KeyPair;
  /** Resend (same id) when no "accepted" came back within this long. */
  retryAfterMs?: number;
  clock?: () => number;
  /** A reply for a command that already timed out here; the record is updated, nothing runs again. */
  onLateReply?(reply: ReplyMessage): void;
  onBadReply?(err: FieldDecodeError): void;
  onAuthFailure?(detail: string): void;
}

export interface SendRequest {
  /** Reuse an id to retry a command that timed out: the controller answers from memory if it ran it. */
  id?: string;
  target: string;
  op: FieldCommandOp;
  issuedBy: string;
  timeoutMs: number;
}

export type CommandResult =
  | { id: string; status: 'done' | 'failed'; reply: ReplyMessage; attempts: number }
  | { id: string; status: 'timeout'; accepted: boolean; attempts: number };

interface Pending {
  message: CommandMessage;
  accepted: boolean;
  retry: ReturnType<typeof setTimeout> | undefined;
  deadline: ReturnType<typeof setTimeout>;
  resolve(result: CommandResult): void;
  onProgress?: ((reply: ReplyMessage) => void) | undefined;
}

/**
 * Commands over a DEALER socket to one gateway's ROUTER. Each command carries an id that is
 * both correlation id and idempotency key, and a deadline after which the controller must not
 * start it. Until "accepted" arrives it is resent with the same id; the caller gets done,
 * failed or timeout, never a hang.
 */
export class CommandClient {
  private readonly socket: Dealer;
  private readonly sender: SerialSender;
  private readonly pending = new Map<string, Pending>();
  private readonly clock: () => number;
  private running: Promise<void> | null = null;
  sent = 0;
  timeouts = 0;
  lateReplies = 0;

  constructor(private readonly options: CommandClientOptions) {
    this.clock = options.clock ?? Date.now;
    this.socket = new Dealer({
      curveServerKey: options.serverKey,
      curvePublicKey: options.keys.publicKey,
      curveSecretKey: options.keys.secretKey,
      sendHighWaterMark: 1_000,
      receiveHighWaterMark: 10_000,
      maxMessageSize: FIELD_TRANSPORT_MAX_BYTES,
      // A send that cannot be queued fails at once; the retry timer tries again.
      sendTimeout: 0,
      linger: 0,
      reconnectInterval: 250,
      reconnectMaxInterval: 5_000,
    });
    this.sender = new SerialSender(this.socket, 1_000);
    const auth = (e: { error?: { message?: string } }) => options.onAuthFailure?.(e.error?.message ?? 'handshake failed');
    this.socket.events.on('handshake:error:auth', auth);
    this.socket.events.on('handshake:error:protocol', auth);
  }

  start(): void {
    this.socket.connect(this.options.endpoint);
    this.running = this.loop();
  }

  get inFlight(): number {
    return this.pending.size;
  }

  send(request: SendRequest, onProgress?: (reply: ReplyMessage) => void): Promise<CommandResult> {
    const id = request.id ?? randomUUID();
    if (this.pending.has(id)) return Promise.reject(new Error(`command ${id} is already in flight`));
    const now = this.clock();
    // Leave the reply time to come back before we give up, so "timeout" rarely means "ran after all".
    const margin = Math.min(250, Math.floor(request.timeoutMs / 4));
    const message: CommandMessage = { v: 1, type: 'command', id, attempt: 1, target: request.target, deadline: now + request.timeoutMs - margin, issuedBy: request.issuedBy, op: request.op };
    return new Promise<CommandResult>((resolve) => {
      const entry: Pending = {
        message,
        accepted: false,
        retry: undefined,
        deadline: setTimeout(() => this.finish(id, { id, status: 'timeout', accepted: entry.accepted, attempts: entry.message.attempt }), request.timeoutMs),
        resolve,
        onProgress,
      };
      this.pending.set(id, entry);
      this.transmit(entry);
    });
  }

  async dispose(): Promise<void> {
    for (const [id, entry] of this.pending) this.finish(id, { id, status: 'timeout', accepted: entry.accepted, attempts: entry.message.attempt });
    this.sender.close();
    this.socket.close();
    await this.running?.catch(() => {});
  }

  private transmit(entry: Pending): void {
    this.sender.send([encodeMessage(entry.message)]);
    this.sent++;
    const retryAfter = this.options.retryAfterMs ?? 500;
    entry.retry = setTimeout(() => {
      if (entry.accepted || !this.pending.has(entry.message.id)) return;
      if (this.clock() >= entry.message.deadline) return;
      entry.message = { ...entry.message, attempt: Math.min(100, entry.message.attempt + 1) };
      this.transmit(entry);
    }, retryAfter);
  }

  private finish(id: string, result: CommandResult): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    clearTimeout(entry.deadline);
    clearTimeout(entry.retry);
    if (result.status === 'timeout') this.timeouts++;
    entry.resolve(result);
  }

  private async loop(): Promise<void> {
    try {
      for await (const frames of this.socket) {
        if (frames.length !== 1) {
          this.options.onBadReply?.(new FieldDecodeError('malformed', `a reply is one frame, got ${frames.length}`));
          continue;
        }
        let reply: ReplyMessage;
        try {
          reply = decodeReply(frames[0]!);
        } catch (err) {
          if (err instanceof FieldDecodeError) this.options.onBadReply?.(err);
          continue;
        }
        this.onReply(reply);
      }
    } catch (err) {
      if (!this.socket.closed) throw err;
    }
  }

  private onReply(reply: ReplyMessage): void {
    const entry = reply.id === null ? undefined : this.pending.get(reply.id);
    if (!entry) {
      this.lateReplies++;
      this.options.onLateReply?.(reply);
      return;
    }
    entry.onProgress?.(reply);
    if (reply.status === 'accepted') {
      entry.accepted = true;
      clearTimeout(entry.retry);
      return;
    }
    this.finish(entry.message.id, { id: entry.message.id, status: reply.status, reply, attempts: entry.message.attempt });
  }
}
