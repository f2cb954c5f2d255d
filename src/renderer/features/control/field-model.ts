import type { CommandRecord } from '../../../shared/domain/field-commands';
import type { FieldSnapshot, FieldUpdate } from '../../../shared/domain/field';

/**
 * The renderer's copy of the field: the snapshot it loaded, kept current by coalesced updates
 * and command events. Pure functions, so merging is tested without a DOM.
 */
export interface FieldView {
  snapshot: FieldSnapshot;
  commands: CommandRecord[];
}

const EVENTS_KEPT = 200;
const COMMANDS_KEPT = 300;

function mergeById<T extends { id: string }>(current: readonly T[], changed: readonly T[]): T[] {
  if (changed.length === 0) return current as T[];
  const byId = new Map(current.map((e) => [e.id, e]));
  for (const e of changed) byId.set(e.id, e);
  return [...byId.values()];
}

export function applyUpdate(snapshot: FieldSnapshot, update: FieldUpdate): FieldSnapshot {
  return {
    connected: update.connected,
    controllers: mergeById(snapshot.controllers, update.controllers),
    signals: mergeById(snapshot.signals, update.signals),
    lighting: mergeById(snapshot.lighting, update.lighting),
    flood: mergeById(snapshot.flood, update.flood),
    recommendations: mergeById(
      snapshot.recommendations.map((r) => ({ ...r, id: r.intersectionId })),
      update.recommendations.map((r) => ({ ...r, id: r.intersectionId })),
    ).map(({ id: _id, ...r }) => r),
    events: update.events.length ? [...snapshot.events, ...update.events].slice(-EVENTS_KEPT) : snapshot.events,
    stats: update.stats,
    simulator: update.simulator,
  };
}

/** Newest first; a record replaces its older self. */
export function applyCommand(commands: readonly CommandRecord[], record: CommandRecord): CommandRecord[] {
  return [record, ...commands.filter((c) => c.id !== record.id)].slice(0, COMMANDS_KEPT);
}

export function isOnline(snapshot: FieldSnapshot, id: string): boolean {
  return snapshot.controllers.find((c) => c.id === id)?.online ?? false;
}

/** Rejected frames of every kind: what the bus panel shows as "refused". */
export function rejectedCount(stats: FieldSnapshot['stats']): number {
  return stats.malformed + stats.oversized + stats.unknownVersion + stats.invalid;
}
