import { Subscriber } from 'zeromq';
import {
  decodeTelemetry,
  decodeTelemetryBatch,
  FIELD_BATCH_TOPIC,
  FIELD_MAX_BATCH_BYTES,
  FIELD_MAX_BATCH_RECORDS,
  FIELD_MAX_MESSAGE_BYTES,
  FIELD_TRANSPORT_MAX_BYTES,
  FieldDecodeError,
  type DecodeErrorKind,
  type TelemetryMessage,
} from '../../../shared/domain/field-protocol';
import type { KeyPair } from './curve-keys';

export interface TelemetryReceiverOptions {
  endpoint: string;
  /** The gateway's public key: the CURVE handshake fails against any other server. */
  serverKey: string;
  keys: KeyPair;
  /**
   * Messages ZeroMQ may queue for us before it drops. Sized for a 10× burst of the whole
   * city's telemetry (see docs/bus-protocol.md); the default of 1000 lost messages here.
   */
  receiveHighWaterMark: number;
  maxMessageBytes?: number;
  /** Limits on a version-2 batch (docs/bus-protocol.md, "Telemetry batches"). */
  maxBatchBytes?: number;
  maxBatchRecords?: number;
  /** Topic prefixes to subscribe to; all when omitted. Batches (topic "batch") are always subscribed. */
  topics?: readonly string[];
  onMessage(message: TelemetryMessage, text: string): void;
  onRejected(kind: DecodeErrorKind, err: FieldDecodeError): void;
  onAuthFailure(detail: string): void;
  onConnection?(up: boolean): void;
}

/**
 * The station's telemetry subscription to one gateway: CURVE client, bounded queue, and every
 * frame checked (size, version, schema, topic) before anything else sees it. A message is a
 * single record `[topic, body]` (version 1) or a batch `["batch", header, records]` (version 2),
 * whose records are checked one by one.
 */
export class TelemetryReceiver {
  /** ZeroMQ messages received (a batch is one). */
  received = 0;
  /** Of those, batches, and the records they held (refused batches not included). */
  batches = 0;
  batchRecords = 0;
  private readonly socket: Subscriber;
  private running: Promise<void> | null = null;

  constructor(private readonly options: TelemetryReceiverOptions) {
    this.socket = new Subscriber({
      curveServerKey: options.serverKey,
      curvePublicKey: options.keys.publicKey,
      curveSecretKey: options.keys.secretKey,
      receiveHighWaterMark: options.receiveHighWaterMark,
      maxMessageSize: FIELD_TRANSPORT_MAX_BYTES,
      linger: 0,
      reconnectInterval: 250,
      reconnectMaxInterval: 5_000,
    });
    const events = this.socket.events;
    const authFailure = (e: { error?: { message?: string } }) => options.onAuthFailure(e.error?.message ?? 'handshake failed');
    events.on('handshake:error:auth', authFailure);
    events.on('handshake:error:protocol', authFailure);
    events.on('handshake:error:other', authFailure);
    events.on('handshake', () => options.onConnection?.(true));
    events.on('disconnect', () => options.onConnection?.(false));
  }

  start(): void {
    const topics = this.options.topics;
    for (const topic of topics ? [...topics, FIELD_BATCH_TOPIC] : ['']) this.socket.subscribe(topic);
    this.socket.connect(this.options.endpoint);
    this.running = this.loop();
  }

  async dispose(): Promise<void> {
    this.socket.close();
    await this.running?.catch(() => {});
  }

  private async loop(): Promise<void> {
    const max = this.options.maxMessageBytes ?? FIELD_MAX_MESSAGE_BYTES;
    const limits = { maxMessageBytes: max, maxBatchBytes: this.options.maxBatchBytes ?? FIELD_MAX_BATCH_BYTES, maxRecords: this.options.maxBatchRecords ?? FIELD_MAX_BATCH_RECORDS };
    const { onMessage, onRejected } = this.options;
    const refused = (err: FieldDecodeError) => onRejected(err.kind, err);
    try {
      for await (const frames of this.socket) {
        this.received++;
        try {
          if (frames.length === 2) {
            const { message, text } = decodeTelemetry(frames[0]!.toString('utf8'), frames[1]!, max);
            onMessage(message, text);
          } else if (frames.length === 3 && frames[0]!.toString('utf8') === FIELD_BATCH_TOPIC) {
            this.batchRecords += decodeTelemetryBatch(frames[1]!, frames[2]!, onMessage, refused, limits);
            this.batches++;
          } else {
            refused(new FieldDecodeError('malformed', `telemetry is [topic, body] or ["batch", header, records], got ${frames.length} frames`));
          }
        } catch (err) {
          if (err instanceof FieldDecodeError) refused(err);
          else throw err;
        }
      }
    } catch (err) {
      if (!this.socket.closed) throw err;
    }
  }
}
