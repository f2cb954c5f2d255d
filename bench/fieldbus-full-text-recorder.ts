/**
 * The recorder of the first releases, for the field bus benchmarks' "before": every telemetry
 * record's whole text in its row (the layout of migration 100, in a table of its own so both
 * layouts can run in one database and one run). Benchmarks only.
 */
import type { FieldRecorder } from '../src/main/services/fieldbus/field-recorder';
import { fieldMigrations } from '../src/main/services/fieldbus/field-migrations';
import type { BatchWriter } from '../src/main/services/store/batch-writer';
import { StoreError } from '../src/main/services/store/migration';
import type { StoreService } from '../src/main/services/store/store-service';
import type { TelemetryMessage } from '../src/shared/domain/field-protocol';

export const FULL_TEXT_TABLE = 'field_telemetry_v100';

export async function createFullTextRecorder(store: StoreService, batchRows: number, maxDelayMs: number): Promise<FieldRecorder> {
  const ddl = fieldMigrations.find((m) => m.version === 100)!.up[0]!.replace('CREATE TABLE field_telemetry', `CREATE TABLE ${FULL_TEXT_TABLE}`);
  await store.run(ddl);
  const writer = store.createBatchWriter({
    table: FULL_TEXT_TABLE,
    columns: ['received_at', 'source_ts', 'controller_id', 'type', 'boot', 'seq', 'payload'],
    maxRows: batchRows,
    maxDelayMs,
    maxPendingRows: batchRows * 40,
  });
  return new FullTextRecorder(writer) as unknown as FieldRecorder;
}

class FullTextRecorder {
  dropped = 0;
  stateRows = 0;
  constructor(private readonly writer: BatchWriter) {}
  get stored(): number {
    return this.writer.written;
  }
  telemetryMessage(message: TelemetryMessage, text: string, receivedAt: number): void {
    if (message.type === 'hb') return;
    try {
      this.writer.push([new Date(receivedAt), new Date(message.ts), message.src, message.type, message.boot, message.seq, text]);
      this.stateRows++;
    } catch (err) {
      if (err instanceof StoreError && err.code === 'BACKLOG') this.dropped++;
      else throw err;
    }
  }
  commandEvent(): void {}
  flush(): Promise<void> {
    return this.writer.flush();
  }
  dispose(): Promise<void> {
    return this.writer.dispose();
  }
}
