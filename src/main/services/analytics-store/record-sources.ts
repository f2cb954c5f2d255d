import type { AnalyticsEventInput } from '../../../shared/domain/analytics';
import type { CommandStatus } from '../../../shared/domain/field-commands';

const FINISHED: ReadonlySet<CommandStatus> = new Set(['done', 'failed', 'timeout', 'rejected', 'expired']);

/**
 * A field command that reached an outcome becomes one `command` event (label = operation,
 * flag = it did not succeed); the states on the way there are not counted.
 */
export function commandEvent(record: { targetId: string; op: { type: string }; status: CommandStatus; finishedAt: number | null; requestedAt: number }): AnalyticsEventInput | null {
  if (!FINISHED.has(record.status)) return null;
  return {
    ts: new Date(record.finishedAt ?? record.requestedAt),
    kind: 'command',
    source: record.targetId,
    zone: '',
    value: 1,
    flag: record.status !== 'done',
    label: record.op.type,
  };
}
