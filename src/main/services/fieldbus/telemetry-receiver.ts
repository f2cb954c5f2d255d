import { Subscriber } from 'zeromq';
import {
  decodeTelemetry,
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
  /** Topic prefixes to subscribe to; all when omitted. */
  topics?: readonly string[];
  onMessage(message: TelemetryMessage, text: string): void;
  onRejected(kind: DecodeErrorKind, err: FieldDecodeError): void;
  onAuthFailure(detail: string): void;
  onConnection?(up: boolean): void;
}

/**
 * The station's telemetry subscription to one gateway: CURVE client, bounded queue, and every
 * frame checked (size, version, schema, topic) before anything else sees it.
 */
export class TelemetryReceiver {
  received = 0;
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
    for (const topic of this.options.topics ?? ['']) this.socket.subscribe(topic);
    this.socket.connect(this.options.endpoint);
    this.running = this.loop();
  }

  async dispose(): Promise<void> {
    this.socket.close();
    await this.running?.catch(() => {});
  }

  private async loop(): Promise<void> {
    const max = this.options.maxMessageBytes ?? FIELD_MAX_MESSAGE_BYTES;
    try {
      for await (const frames of this.socket) {
        this.received++;
        if (frames.length !== 2) {
          this.options.onRejected('malformed', new FieldDecodeError('malformed', `telemetry is two frames (topic, body), got ${frames.length}`));
          continue;
        }
        try {
          const { message, text } = decodeTelemetry(frames[0]!.toString('utf8'), frames[1]!, max);
          this.options.onMessage(message, text);
        } catch (err) {
          if (err instanceof FieldDecodeError) this.options.onRejected(err.kind, err);
          else throw err;
        }
      }
    } catch (err) {
      if (!this.socket.closed) throw err;
    }
  }
}
