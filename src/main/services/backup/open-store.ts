import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log/logger';
import type { Migration } from '../store/migration';
import { CONSOLE_STORE_TUNING } from '../store/console-tuning';
import { DATABASE_FILE } from '../store/paths';
import { StoreService } from '../store/store-service';
import { BACKUP_DIR, listBackups } from './backup-files';

/** The console's database could not be opened; `backup` is the newest copy there is to restore, if any. */
export class DatabaseUnreadableError extends Error {
  constructor(
    message: string,
    readonly databasePath: string,
    readonly backup: { path: string; takenAt: Date } | null,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'DatabaseUnreadableError';
  }
}

/**
 * Opens the console's database in its data folder. When the file is damaged the error says so in
 * words an operator can act on and offers the newest backup with the command that restores it,
 * instead of a bare DuckDB message; nothing is deleted or overwritten on the way.
 */
export async function openConsoleStore(dataDir: string, migrations: readonly Migration[], log?: Logger): Promise<StoreService> {
  const path = join(dataDir, DATABASE_FILE);
  try {
    return await StoreService.open({ path, migrations, log, ...CONSOLE_STORE_TUNING });
  } catch (err) {
    if (!existsSync(path)) throw err;
    const newest = listBackups(join(dataDir, BACKUP_DIR))[0] ?? null;
    const why = (err as Error).message.split('\n')[0];
    const offer = newest
      ? ` The newest backup is ${newest.path} (taken ${newest.takenAt.toISOString()}). Stop the console and restore it with: npm run db:restore -- --data-dir ${dataDir} (the damaged file is kept beside it).`
      : ' There is no backup in this data folder to restore.';
    throw new DatabaseUnreadableError(`The console's database ${path} cannot be opened: ${why}.${offer}`, path, newest && { path: newest.path, takenAt: newest.takenAt }, { cause: err });
  }
}
