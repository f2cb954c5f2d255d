import { z } from 'zod';
import { fieldCommandOpSchema } from './field-commands';
import { cabinetStateSchema } from './field-lighting';
import { gaugeStateSchema } from './field-flood';
import { signalStateSchema, vehicleCountsSchema } from './field-signals';
import { conformsToTelemetryV1 } from './field-telemetry-check';

/**
 * The field bus wire format, version 1 (docs/bus-protocol.md). Every frame is UTF-8 JSON,
 * checked here on receipt: size first (cheap), then the version (so an unknown version gets
 * its own error, not a confusing schema failure), then the schema of that version.
 */
export const FIELD_PROTOCOL_VERSION = 1;
export const SUPPORTED_VERSIONS: readonly number[] = [1];

/** The protocol's own limit on one message body. The transport's hard cap sits above it. */
export const FIELD_MAX_MESSAGE_BYTES = 64 * 1024;

/**
 * Version 2 adds one frame layout and nothing else: a telemetry *batch*, three frames
 * `["batch", header, records]`, where `header` is `{"v":2,"type":"batch","n":N}` and `records`
 * is N version-1 telemetry messages joined by "\n" (JSON text never holds a raw newline). Each
 * record keeps its own `src`, `boot` and `seq` and is checked exactly like a single message; a
 * broken record is refused alone. Version-1 single messages `[topic, body]` stay valid.
 */
export const FIELD_BATCH_TOPIC = 'batch';
export const SUPPORTED_BATCH_VERSIONS: readonly number[] = [2];
/** Records in one batch at most; a header or body saying more refuses the whole batch (`oversized`). */
export const FIELD_MAX_BATCH_RECORDS = 1000;
/** Header + records of one batch at most (`oversized` as a whole); each record is still held to FIELD_MAX_MESSAGE_BYTES. */
export const FIELD_MAX_BATCH_BYTES = 512 * 1024;
/** libzmq's ZMQ_MAXMSGSIZE: beyond this the peer is disconnected outright. */
export const FIELD_TRANSPORT_MAX_BYTES = 1024 * 1024;

const controllerId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'controller id: lowercase letters, digits and "-"');

const telemetryBase = {
  v: z.literal(1),
  /** The controller that produced the message. */
  src: controllerId,
  /** Random per controller start: a new boot resets the sequence. */
  boot: z.string().min(1).max(64),
  /** Per (src, boot), +1 for every message the controller publishes: a gap is a lost message. */
  seq: z.number().int().nonnegative(),
  /** Controller clock, epoch milliseconds. */
  ts: z.number().int().nonnegative(),
};

export const heartbeatDataSchema = z.object({
  intervalMs: z.number().int().min(100).max(60_000),
  /** Whether the controller sees its link to the console up (it keeps working either way). */
  linkUp: z.boolean(),
  /** Messages the controller held back while its link was down and still has to send. */
  outbox: z.number().int().nonnegative(),
});

export const controllerEventSchema = z.object({
  /** What happened, e.g. "siren.auto", "mode.reverted", "lamp.fault". */
  name: z.string().min(1).max(64),
  /** When it happened on the controller (may be long before it was sent, after a link cut). */
  at: z.number().int().nonnegative(),
  /** Whether the controller's link to the console was down when it happened. */
  offline: z.boolean(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
});
export type ControllerEvent = z.infer<typeof controllerEventSchema>;

export const telemetryMessageSchema = z.discriminatedUnion('type', [
  z.object({ ...telemetryBase, type: z.literal('hb'), data: heartbeatDataSchema }),
  z.object({ ...telemetryBase, type: z.literal('signal.state'), data: signalStateSchema }),
  z.object({ ...telemetryBase, type: z.literal('count.vehicles'), data: vehicleCountsSchema }),
  z.object({ ...telemetryBase, type: z.literal('light.state'), data: cabinetStateSchema }),
  z.object({ ...telemetryBase, type: z.literal('flood.state'), data: gaugeStateSchema }),
  z.object({ ...telemetryBase, type: z.literal('event'), data: controllerEventSchema }),
]);
export type TelemetryMessage = z.infer<typeof telemetryMessageSchema>;
export type TelemetryType = TelemetryMessage['type'];

/** The topic prefix each message type travels under; the subscriber checks they agree. */
export const topicPrefixOf: Record<TelemetryType, string> = {
  hb: 'hb',
  'signal.state': 'signal',
  'count.vehicles': 'count',
  'light.state': 'light',
  'flood.state': 'flood',
  event: 'event',
};

export function topicFor(message: Pick<TelemetryMessage, 'type' | 'src'>): string {
  return `${topicPrefixOf[message.type]}.${message.src}`;
}

export const commandMessageSchema = z.object({
  v: z.literal(1),
  type: z.literal('command'),
  /** Correlation id and idempotency key in one: a retry resends the same id, never a new one. */
  id: z.string().min(8).max(64),
  attempt: z.number().int().min(1).max(100),
  target: controllerId,
  /** Epoch ms after which the controller must not start the command. */
  deadline: z.number().int().nonnegative(),
  issuedBy: z.string().min(1).max(64),
  op: fieldCommandOpSchema,
});
export type CommandMessage = z.infer<typeof commandMessageSchema>;

export const replyStatuses = ['accepted', 'done', 'failed'] as const;
export const replyCodes = [
  'EXPIRED',
  'UNKNOWN_TARGET',
  'INVALID',
  'REJECTED',
  'UNSUPPORTED_VERSION',
  'MALFORMED',
  'TOO_LARGE',
  'LINK_DOWN',
] as const;
export type ReplyCode = (typeof replyCodes)[number];

export const replyMessageSchema = z.object({
  v: z.literal(1),
  type: z.literal('reply'),
  /** The command's id; null when the command was too broken to read one. */
  id: z.string().max(64).nullable(),
  status: z.enum(replyStatuses),
  code: z.enum(replyCodes).optional(),
  reason: z.string().max(500).optional(),
  /** True when the controller had already seen this id and answers from memory without running it again. */
  duplicate: z.boolean().optional(),
  ts: z.number().int().nonnegative(),
});
export type ReplyMessage = z.infer<typeof replyMessageSchema>;

export type DecodeErrorKind = 'oversized' | 'malformed' | 'unknownVersion' | 'invalid' | 'topicMismatch';

export class FieldDecodeError extends Error {
  constructor(
    readonly kind: DecodeErrorKind,
    message: string,
    /** The command id when it could still be read, so the sender can be told. */
    readonly id: string | null = null,
  ) {
    super(message);
    this.name = 'FieldDecodeError';
  }
}

/** Parses one JSON body after checking its size and version; throws FieldDecodeError. */
function decodeEnvelope(bytes: Uint8Array, maxBytes: number): { record: Record<string, unknown>; text: string } {
  if (bytes.byteLength > maxBytes) throw new FieldDecodeError('oversized', `message of ${bytes.byteLength} bytes exceeds ${maxBytes}`);
  let value: unknown;
  let text: string;
  try {
    text = textDecoder.decode(bytes);
    value = JSON.parse(text);
  } catch {
    throw new FieldDecodeError('malformed', 'message is not valid UTF-8 JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FieldDecodeError('malformed', 'message is not a JSON object');
  const record = value as Record<string, unknown>;
  const id = typeof record.id === 'string' && record.id.length <= 64 ? record.id : null;
  if (typeof record.v !== 'number' || !SUPPORTED_VERSIONS.includes(record.v)) {
    throw new FieldDecodeError('unknownVersion', `protocol version ${JSON.stringify(record.v)?.slice(0, 20)} is not supported (supported: ${SUPPORTED_VERSIONS.join(', ')})`, id);
  }
  return { record, text };
}

function checked<T>(schema: z.ZodType<T>, record: Record<string, unknown>, what: string): T {
  const parsed = schema.safeParse(record);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  const where = first?.path.length ? `${first.path.join('.')}: ` : '';
  throw new FieldDecodeError('invalid', `invalid ${what}: ${where}${first?.message ?? 'schema mismatch'}`, typeof record.id === 'string' ? record.id.slice(0, 64) : null);
}

/** The checked message and its JSON text (stored as received where the record's state changed: docs/bus-protocol.md, "Telemetry history"). */
export function decodeTelemetry(topic: string, bytes: Uint8Array, maxBytes = FIELD_MAX_MESSAGE_BYTES): { message: TelemetryMessage; text: string } {
  const { record, text } = decodeEnvelope(bytes, maxBytes);
  const message = checkTelemetry(record);
  const expected = topicFor(message);
  if (topic !== expected) throw new FieldDecodeError('topicMismatch', `message of type ${message.type} from ${message.src} arrived on "${topic.slice(0, 80)}", expected "${expected}"`);
  return { message, text };
}

export interface BatchLimits {
  maxBatchBytes?: number;
  maxRecords?: number;
  maxMessageBytes?: number;
}

const NEWLINE = 0x0a;

/**
 * A telemetry batch (version 2). Throws FieldDecodeError when the batch as a whole is refused
 * (too big, too many records, unreadable or unknown header, record count not what the header
 * says): then no record of it is used. Otherwise every record is checked on its own like a
 * single message (size, UTF-8, JSON, version 1, schema) and handed to `onRecord` or, refused
 * with its reason, to `onRefused`; one bad record does not cost the others. Returns the number
 * of records. Records are routed by their own type and `src` (there is no per-record topic).
 */
export function decodeTelemetryBatch(
  header: Uint8Array,
  body: Uint8Array,
  onRecord: (message: TelemetryMessage, text: string) => void,
  onRefused: (err: FieldDecodeError) => void,
  limits: BatchLimits = {},
): number {
  const maxBatchBytes = limits.maxBatchBytes ?? FIELD_MAX_BATCH_BYTES;
  const maxRecords = limits.maxRecords ?? FIELD_MAX_BATCH_RECORDS;
  const maxMessageBytes = limits.maxMessageBytes ?? FIELD_MAX_MESSAGE_BYTES;
  const size = header.byteLength + body.byteLength;
  if (size > maxBatchBytes) throw new FieldDecodeError('oversized', `batch of ${size} bytes exceeds ${maxBatchBytes}`);
  const n = batchHeaderCount(header, maxRecords);
  // Count the records before using any (Buffer.indexOf is a memchr): a batch that is not what its header says is refused whole.
  let count = 1;
  for (let at = body.indexOf(NEWLINE, 0); at >= 0; at = body.indexOf(NEWLINE, at + 1)) {
    if (++count > maxRecords) throw new FieldDecodeError('oversized', `batch holds more than ${maxRecords} records`);
  }
  if (count !== n) throw new FieldDecodeError('malformed', `batch header says ${n} records, the body holds ${count}`);
  let start = 0;
  for (let i = 0; i < count; i++) {
    const end = i === count - 1 ? body.byteLength : body.indexOf(NEWLINE, start);
    const bytes = body.subarray(start, end);
    start = end + 1;
    let decoded: { message: TelemetryMessage; text: string };
    try {
      const { record, text } = decodeEnvelope(bytes, maxMessageBytes);
      decoded = { message: checkTelemetry(record), text };
    } catch (err) {
      if (!(err instanceof FieldDecodeError)) throw err;
      onRefused(err);
      continue;
    }
    onRecord(decoded.message, decoded.text);
  }
  return count;
}

function batchHeaderCount(header: Uint8Array, maxRecords: number): number {
  if (header.byteLength > 256) throw new FieldDecodeError('malformed', `batch header of ${header.byteLength} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(textDecoder.decode(header));
  } catch {
    throw new FieldDecodeError('malformed', 'batch header is not valid UTF-8 JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FieldDecodeError('malformed', 'batch header is not a JSON object');
  const h = value as Record<string, unknown>;
  if (typeof h.v !== 'number' || !SUPPORTED_BATCH_VERSIONS.includes(h.v)) {
    throw new FieldDecodeError('unknownVersion', `batch version ${JSON.stringify(h.v)?.slice(0, 20)} is not supported (supported: ${SUPPORTED_BATCH_VERSIONS.join(', ')})`);
  }
  if (h.type !== 'batch' || !Number.isSafeInteger(h.n) || (h.n as number) < 1) throw new FieldDecodeError('malformed', 'batch header needs type "batch" and a record count n ≥ 1');
  if ((h.n as number) > maxRecords) throw new FieldDecodeError('oversized', `batch of ${String(h.n)} records exceeds ${maxRecords}`);
  return h.n as number;
}

/** The header frame of a batch of `n` records. */
export function batchHeader(n: number): string {
  return `{"v":2,"type":"batch","n":${n}}`;
}

/**
 * The telemetry schema check. A message the hand-written check passes is one zod would accept
 * unchanged (field-telemetry-check.ts, proven by its test), so it is used as parsed; anything
 * else goes through zod, which alone decides what is refused and says why.
 */
export function checkTelemetry(record: Record<string, unknown>): TelemetryMessage {
  if (conformsToTelemetryV1(record)) return record as TelemetryMessage;
  return checked(telemetryMessageSchema, record, 'telemetry');
}

export function decodeCommand(bytes: Uint8Array, maxBytes = FIELD_MAX_MESSAGE_BYTES): CommandMessage {
  return checked(commandMessageSchema, decodeEnvelope(bytes, maxBytes).record, 'command');
}

export function decodeReply(bytes: Uint8Array, maxBytes = FIELD_MAX_MESSAGE_BYTES): ReplyMessage {
  return checked(replyMessageSchema, decodeEnvelope(bytes, maxBytes).record, 'reply');
}

export function encodeMessage(message: TelemetryMessage | CommandMessage | ReplyMessage): Uint8Array {
  return textEncoder.encode(JSON.stringify(message));
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: true });
