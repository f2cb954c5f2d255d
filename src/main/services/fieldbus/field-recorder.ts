import type { CommandRecord } from '../../../shared/domain/field-commands';
import type { TelemetryMessage } from '../../../shared/domain/field-protocol';
import type { Disposable } from '../../../shared/lib/lifecycle';
import type { BatchWriter } from '../store/batch-writer';
import { StoreError } from '../store/migration';
import type { SqlValue } from '../store/sql-values';
import type { StoreService } from '../store/store-service';
import { sameState } from './same-state';
import { TELEMETRY_COLUMNS, TICK_KEYS, TICK_SLOTS } from './telemetry-layout';

const COMMAND_COLUMNS = ['logged_at', 'command_id', 'target_id', 'event', 'actor', 'detail'] as const;

export interface FieldRecorderOptions {
  /** Rows per transaction; a burst fills batches, a quiet bus flushes on the timer. */
  batchRows?: number;
  maxDelayMs?: number;
  /** Rows held while the database is slow; beyond it rows are refused and counted. */
  maxPendingRows?: number;
}

/** The last record of one controller and type whose text was stored: later rows point at it. */
interface StateRow {
  boot: string;
  seq: number;
  data: Record<string, unknown>;
}

/**
 * Telemetry and command history into DuckDB, in batches. Heartbeats are not stored (links are
 * visible in the command and event history); a full backlog refuses rows and counts them.
 * Telemetry rows follow telemetry-layout.ts: typed ticks on every row, the record's text only
 * where the rest of it changed.
 */
export class FieldRecorder implements Disposable {
  dropped = 0;
  /** Rows stored with the record's text (the others point at one of these). */
  stateRows = 0;
  private readonly telemetry: BatchWriter;
  private readonly commands: BatchWriter;
  /** Per controller, per type. */
  private readonly states = new Map<string, Map<string, StateRow>>();

  constructor(store: StoreService, options: FieldRecorderOptions = {}, onError: (err: unknown) => void = () => {}) {
    const batchRows = options.batchRows ?? 5_000;
    this.telemetry = store.createBatchWriter({
      table: 'field_telemetry',
      columns: TELEMETRY_COLUMNS,
      maxRows: batchRows,
      maxDelayMs: options.maxDelayMs ?? 500,
      maxPendingRows: options.maxPendingRows ?? batchRows * 40,
      onError,
    });
    this.commands = store.createBatchWriter({ table: 'field_command_log', columns: COMMAND_COLUMNS, maxRows: 500, maxDelayMs: 250, onError });
  }

  get stored(): number {
    return this.telemetry.written;
  }

  get pending(): number {
    return this.telemetry.pending;
  }

  telemetryMessage(message: TelemetryMessage, text: string, receivedAt: number): void {
    if (message.type === 'hb') return;
    const data = message.data as Record<string, unknown>;
    let byType = this.states.get(message.src);
    if (!byType) this.states.set(message.src, (byType = new Map()));
    const last = byType.get(message.type);
    // Within one boot sequence numbers only grow (the bus drops duplicates), so the row pointed at is an earlier one.
    const carriesState = !last || last.boot !== message.boot || !sameState(last.data, data, TICK_KEYS[message.type]);
    const row: SqlValue[] = new Array<SqlValue>(TELEMETRY_COLUMNS.length).fill(null);
    row[0] = new Date(receivedAt);
    row[1] = new Date(message.ts);
    row[2] = message.src;
    row[3] = message.type;
    row[4] = message.boot;
    row[5] = message.seq;
    row[6] = carriesState ? text : null;
    row[7] = carriesState ? message.seq : last.seq;
    for (const slot of TICK_SLOTS[message.type] ?? []) row[slot.index] = data[slot.key] as SqlValue;
    if (!this.push(this.telemetry, row)) {
      // Rows after a refused state row must not point at it: the next one carries its own.
      if (carriesState) byType.delete(message.type);
      return;
    }
    if (carriesState) {
      byType.set(message.type, { boot: message.boot, seq: message.seq, data });
      this.stateRows++;
    }
  }

  commandEvent(record: CommandRecord, event: string, actor: string | null, at: number, detail: unknown = null): void {
    this.push(this.commands, [new Date(at), record.id, record.targetId, event, actor, detail === null ? null : JSON.stringify(detail)]);
  }

  flush(): Promise<void> {
    return Promise.all([this.telemetry.flush(), this.commands.flush()]).then(() => undefined);
  }

  async dispose(): Promise<void> {
    await Promise.allSettled([this.telemetry.dispose(), this.commands.dispose()]);
  }

  /** False when the row was refused (and counted). */
  private push(writer: BatchWriter, row: readonly SqlValue[]): boolean {
    try {
      writer.push(row);
      return true;
    } catch (err) {
      if (err instanceof StoreError && (err.code === 'BACKLOG' || err.code === 'CLOSED')) {
        this.dropped++;
        return false;
      }
      throw err;
    }
  }
}
