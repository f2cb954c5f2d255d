import type { ReplyCode } from '../../shared/domain/field-protocol';

/** What a controller says about a command it ran: done, or failed with a protocol code and a reason. */
export type CommandOutcome = { ok: true } | { ok: false; code: ReplyCode; reason: string };

export type EventDetail = Record<string, string | number | boolean | null>;
