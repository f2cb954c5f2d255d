import { Context, Publisher, Router } from 'zeromq';
import {
  decodeCommand,
  encodeMessage,
  FIELD_MAX_MESSAGE_BYTES,
  FIELD_TRANSPORT_MAX_BYTES,
  FieldDecodeError,
  topicFor,
  type CommandMessage,
  type ReplyCode,
  type ReplyMessage,
  type TelemetryMessage,
} from '../../shared/domain/field-protocol';
import type { KeyPair } from '../../main/services/fieldbus/curve-keys';
import { SerialSender } from '../../main/services/fieldbus/serial-sender';
import { IdempotencyCache } from './idempotency-cache';
import { DEFAULT_BATCHING, TelemetryBatcher, type BatchDelayStats, type BatchingOptions } from './telemetry-batcher';
import type { CommandOutcome } from './outcome';
import { ZapAuthenticator } from './zap-authenticator';

/** Whatever runs the commands: the simulation, or a test's stand-in controller. */
export interface CommandRunner {
  execute(command: CommandMessage): CommandOutcome | 'unreachable';
}

export interface GatewayOptions {
  keys: KeyPair;
  /** Public keys of the stations allowed to connect. */
  trustedStations: ReadonlySet<string>;
  runner: CommandRunner;
  host?: string;
  telemetryPort?: number;
  commandPort?: number;
  /** Messages the publisher buffers per subscriber before ZeroMQ drops (sized for bursts, see the protocol doc). */
  sendHighWaterMark?: number;
  maxMessageBytes?: number;
  /**
   * Telemetry batches (protocol version 2): records go out many to a ZeroMQ message, flushed at
   * `maxRecords`, `maxBytes` or after `maxDelayMs`, whichever comes first. Off (one message per
   * record, version 1 frames) when omitted or false.
   */
  batching?: Partial<BatchingOptions> | false;
  clock?: () => number;
  onDenied?: (publicKey: string, address: string) => void;
  onError?: (err: unknown) => void;
}

export interface GatewayStats {
  /** Telemetry records handed to the socket (batched or not). */
  published: number;
  /** Records the send queue refused (whole batches count all their records). */
  publishRefused: number;
  commands: number;
  duplicates: number;
  rejected: number;
  unreachable: number;
  authDenied: number;
}

/**
 * The controller end of the field bus: a CURVE-server PUB for telemetry and a ROUTER for
 * commands, in a ZeroMQ context of its own whose ZAP handler admits only trusted stations.
 * Commands get accepted, then done or failed; a repeated id gets its first answer back.
 */
export class ControllerGateway {
  readonly stats: GatewayStats = { published: 0, publishRefused: 0, commands: 0, duplicates: 0, rejected: 0, unreachable: 0, authDenied: 0 };
  private readonly seen = new IdempotencyCache();
  private readonly pubSender: SerialSender;
  private readonly routerSender: SerialSender;
  private readonly batcher: TelemetryBatcher | null;
  private serving: Promise<void> | null = null;
  private readonly clock: () => number;
  private readonly maxBytes: number;

  private constructor(
    private readonly zap: ZapAuthenticator,
    private readonly pub: Publisher,
    private readonly router: Router,
    private readonly options: GatewayOptions,
  ) {
    const onError = options.onError ?? (() => {});
    this.pubSender = new SerialSender(pub, 100_000, onError);
    this.routerSender = new SerialSender(router, 10_000, onError);
    this.clock = options.clock ?? Date.now;
    this.maxBytes = options.maxMessageBytes ?? FIELD_MAX_MESSAGE_BYTES;
    this.batcher = options.batching
      ? new TelemetryBatcher((frames, records) => {
          const ok = this.pubSender.send(frames);
          if (ok) this.stats.published += records;
          else this.stats.publishRefused += records;
          return ok;
        }, { ...DEFAULT_BATCHING, ...options.batching })
      : null;
  }

  static async start(options: GatewayOptions): Promise<ControllerGateway> {
    const context = new Context();
    const zap = await ZapAuthenticator.start({ context, trusted: options.trustedStations, onDenied: options.onDenied });
    const curve = { context, curveServer: true, curveSecretKey: options.keys.secretKey, curvePublicKey: options.keys.publicKey, zapDomain: 'ioc-field', linger: 0, maxMessageSize: FIELD_TRANSPORT_MAX_BYTES };
    const pub = new Publisher({ ...curve, sendHighWaterMark: options.sendHighWaterMark ?? 250_000 });
    const router = new Router({ ...curve, sendHighWaterMark: 10_000, receiveHighWaterMark: 10_000 });
    const host = options.host ?? '127.0.0.1';
    try {
      await pub.bind(`tcp://${host}:${portOrAny(options.telemetryPort)}`);
      await router.bind(`tcp://${host}:${portOrAny(options.commandPort)}`);
    } catch (err) {
      pub.close();
      router.close();
      await zap.dispose();
      throw err;
    }
    const gateway = new ControllerGateway(zap, pub, router, options);
    gateway.serving = gateway.serve();
    return gateway;
  }

  get endpoints(): { telemetry: string; commands: string } {
    return { telemetry: this.pub.lastEndpoint ?? '', commands: this.router.lastEndpoint ?? '' };
  }

  get publicKey(): string {
    return this.options.keys.publicKey;
  }

  get authDenied(): number {
    return this.zap.denied;
  }

  publish(messages: readonly TelemetryMessage[]): void {
    for (const message of messages) {
      if (this.batcher) this.batcher.add(JSON.stringify(message));
      else this.sendSingle(topicFor(message), encodeMessage(message));
    }
  }

  /**
   * Publishes one record already encoded as JSON text (the benchmarks' publisher uses it to leave
   * the encoding out of its figures). The caller vouches that `body` is `JSON.stringify` output.
   */
  publishEncoded(topic: string, body: string): void {
    if (this.batcher) this.batcher.add(body);
    else this.sendSingle(topic, body);
  }

  /** How long records waited for their batch; null when batching is off. */
  get batchStats(): BatchDelayStats | null {
    return this.batcher?.stats ?? null;
  }

  private sendSingle(topic: string, body: string | Uint8Array): void {
    if (this.pubSender.send([topic, body])) this.stats.published++;
    else this.stats.publishRefused++;
  }

  /** Sends raw frames on the telemetry socket (tests of the station's defences use it). */
  publishRaw(frames: (string | Uint8Array)[]): void {
    this.pubSender.send(frames);
  }

  async flush(): Promise<void> {
    this.batcher?.flush();
    await this.pubSender.drain();
    await this.routerSender.drain();
  }

  async dispose(): Promise<void> {
    this.batcher?.close();
    this.pubSender.close();
    this.routerSender.close();
    this.pub.close();
    this.router.close();
    await this.serving?.catch(() => {});
    await this.zap.dispose();
    this.stats.authDenied = this.zap.denied;
  }

  private async serve(): Promise<void> {
    try {
      for await (const frames of this.router) {
        const [identity, ...rest] = frames;
        if (!identity) continue;
        this.handle(identity, rest);
      }
    } catch (err) {
      if (!this.router.closed) this.options.onError?.(err);
    }
  }

  private handle(identity: Uint8Array, frames: Uint8Array[]): void {
    const now = this.clock();
    const reply = (r: Omit<ReplyMessage, 'v' | 'type' | 'ts'>) => {
      const message: ReplyMessage = { v: 1, type: 'reply', ts: this.clock(), ...r };
      this.routerSender.send([identity, encodeMessage(message)]);
      return message;
    };
    if (frames.length !== 1) {
      this.stats.rejected++;
      reply({ id: null, status: 'failed', code: 'MALFORMED', reason: `a command is one frame, got ${frames.length}` });
      return;
    }
    let command: CommandMessage;
    try {
      command = decodeCommand(frames[0]!, this.maxBytes);
    } catch (err) {
      this.stats.rejected++;
      const e = err instanceof FieldDecodeError ? err : new FieldDecodeError('malformed', String(err));
      reply({ id: e.id, status: 'failed', code: codeFor(e), reason: e.message });
      return;
    }
    this.stats.commands++;
    const known = this.seen.get(command.id, now);
    if (known) {
      this.stats.duplicates++;
      reply({ ...stripEnvelope(known), duplicate: true });
      return;
    }
    if (now > command.deadline) {
      this.seen.remember(command.id, reply({ id: command.id, status: 'failed', code: 'EXPIRED', reason: `deadline passed ${now - command.deadline} ms before the command arrived` }), now);
      return;
    }
    const outcome = this.options.runner.execute(command);
    if (outcome === 'unreachable') {
      // The command never got past the cut link; a retry after the link returns may still run it once.
      this.stats.unreachable++;
      return;
    }
    reply({ id: command.id, status: 'accepted' });
    const final = outcome.ok ? reply({ id: command.id, status: 'done' }) : reply({ id: command.id, status: 'failed', code: outcome.code, reason: outcome.reason });
    this.seen.remember(command.id, final, now);
  }
}

/** Port 0 or none: let the system pick a free port (read it back from `endpoints`). */
const portOrAny = (port: number | undefined) => (port ? String(port) : '*');

function stripEnvelope(reply: ReplyMessage): Omit<ReplyMessage, 'v' | 'type' | 'ts'> {
  const { v: _v, type: _type, ts: _ts, ...rest } = reply;
  return rest;
}

function codeFor(err: FieldDecodeError): ReplyCode {
  switch (err.kind) {
    case 'oversized':
      return 'TOO_LARGE';
    case 'unknownVersion':
      return 'UNSUPPORTED_VERSION';
    case 'invalid':
      return 'INVALID';
    default:
      return 'MALFORMED';
  }
}
