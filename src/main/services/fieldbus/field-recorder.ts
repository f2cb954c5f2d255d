import type { CommandRecord } from '../../../shared/domain/field-commands';
import type { TelemetryMessage } from '../../../shared/domain/field-protocol';
import type { Disposable } from '../../../shared/lib/lifecycle';
import type { BatchWriter } from '../store/batch-writer';
import { StoreError } from '../store/migration';
import type { StoreService } from '../store/store-service';

const TELEMETRY_COLUMNS = ['received_at', 'source_ts', 'controller_id', 'type', 'boot', 'seq', 'payload'] as const;
const COMMAND_COLUMNS = ['logged_at', 'command_id', 'target_id', 'event', 'actor', 'detail'] as const;

export interface FieldRecorderOptions {
  /** Rows per transaction; a burst fills batches, a quiet bus flushes on the timer. */
  batchRows?: number;
  maxDelayMs?: number;
  /** Rows held while the database is slow; beyond it rows are refused and counted. */
  maxPendingRows?: number;
}

/**
 * Telemetry and command history into DuckDB, in batches. Heartbeats are not stored (links are
 * visible in the command and event history); a full backlog refuses rows and counts them.
 */
export class FieldRecorder implements Disposable {
  dropped = 0;
  private readonly telemetry: BatchWriter;
  private readonly commands: BatchWriter;

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
    this.push(this.telemetry, [new Date(receivedAt), new Date(message.ts), message.src, message.type, message.boot, message.seq, text]);
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

  private push(writer: BatchWriter, row: (string | number | Date | null)[]): void {
    try {
      writer.push(row);
    } catch (err) {
      if (err instanceof StoreError && (err.code === 'BACKLOG' || err.code === 'CLOSED')) this.dropped++;
      else throw err;
    }
  }
}
