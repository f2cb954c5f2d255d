import { normalisePlate, type PlateHit, type PlateReadRecord } from '../../../shared/domain/plates';

/** How many reads the live list keeps. */
export const RECENT_MAX = 100;
/** Rows per page of a plate search. */
export const SEARCH_PAGE = 20;

/**
 * Adds a read to the live list: newest first, one row per read id (a read that arrives again,
 * say as a hit after the read event, replaces its row), at most `max` rows.
 */
export function mergeRead(list: readonly PlateReadRecord[], read: PlateReadRecord, max = RECENT_MAX): PlateReadRecord[] {
  const rest = list.filter((r) => r.id !== read.id);
  const at = rest.findIndex((r) => r.ts < read.ts || (r.ts === read.ts && r.id < read.id));
  const next = at < 0 ? [...rest, read] : [...rest.slice(0, at), read, ...rest.slice(at)];
  return next.slice(0, max);
}

/** Merges a fetched page of reads with what came live meanwhile. */
export function mergeReads(list: readonly PlateReadRecord[], reads: readonly PlateReadRecord[], max = RECENT_MAX): PlateReadRecord[] {
  return reads.reduce((acc, r) => mergeRead(acc, r, max), [...list]);
}

/** A hit marks its read (and carries the entry's reason, which the read alone does not). */
export function applyHit(list: readonly PlateReadRecord[], hit: PlateHit, max = RECENT_MAX): PlateReadRecord[] {
  return mergeRead(list, { ...hit.read, hit: hit.match, watchlistId: hit.entry.id }, max);
}

/** "93 %" */
export function confidencePercent(confidence: number): string {
  return `${Math.round(Math.max(0, Math.min(1, confidence)) * 100)} %`;
}

/**
 * The value of an `<input type="datetime-local">` (local wall time, no zone) as an ISO time
 * with the local offset, the form the contract wants; '' is "never", anything else unreadable null.
 */
export function expiryToIso(value: string, offsetMinutes = -new Date(value).getTimezoneOffset()): string | null | undefined {
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(trimmed);
  if (!m) return null;
  if (!Number.isFinite(offsetMinutes)) return null;
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${offset}`;
}

/** What the watchlist will store for what the supervisor typed, or null while it is not a plate. */
export function platePreview(input: string): string | null {
  return input.trim().length >= 4 ? (normalisePlate(input)?.text ?? null) : null;
}

export interface SearchPage {
  query: string;
  prefix: boolean;
  hitsOnly: boolean;
  offset: number;
}

/** Paging: the offset of the page before (never below 0) and after. */
export function pageOffset(offset: number, direction: -1 | 1, size = SEARCH_PAGE): number {
  return Math.max(0, offset + direction * size);
}

/** 1-based page number for display. */
export function pageNumber(offset: number, size = SEARCH_PAGE): number {
  return Math.floor(offset / size) + 1;
}
