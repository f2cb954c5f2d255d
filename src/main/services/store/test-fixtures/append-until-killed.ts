/**
 * Child process for the durability test: appends numbered rows in batches for ever and
 * prints "committed N" after each batch commits, until the test SIGKILLs it.
 * Usage: node --import tsx append-until-killed.ts <db-path> <rows-per-batch>
 */
import { StoreService } from '../store-service';
import { durabilityMigrations, payloadFor } from './durability-schema';

const [dbPath, batchArg] = process.argv.slice(2);
const rowsPerBatch = Number(batchArg);
if (!dbPath || !Number.isInteger(rowsPerBatch) || rowsPerBatch < 1) {
  process.stderr.write('usage: append-until-killed.ts <db-path> <rows-per-batch>\n');
  process.exit(2);
}

const store = await StoreService.open({ path: dbPath, migrations: durabilityMigrations });
// Checkpoint often, so a kill can also land in the middle of a checkpoint.
await store.run("SET checkpoint_threshold = '256KB'");
const writer = store.createBatchWriter({ table: 'events', columns: ['id', 'batch', 'payload', 'created_at'], maxRows: rowsPerBatch, maxDelayMs: 60_000 });
process.stdout.write('ready\n');

// Bounded in case the parent dies without killing us: ~10 minutes of batches at most.
const deadline = Date.now() + 10 * 60_000;
for (let batch = 0; Date.now() < deadline; batch++) {
  for (let i = 0; i < rowsPerBatch; i++) {
    const id = batch * rowsPerBatch + i;
    writer.push([id, batch, payloadFor(id), new Date()]);
  }
  await writer.flush();
  // Pipes are written synchronously on Linux: once this returns the parent can read it.
  process.stdout.write(`committed ${writer.written}\n`);
}
await store.dispose();
