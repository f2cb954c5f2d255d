import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE } from '../store/paths';

export interface RestoreResult {
  restored: string;
  /** Where the database that was replaced now lies (kept for investigation, never deleted). */
  setAside: string | null;
}

/**
 * Puts a backup in place of the console's database. The console must not be running (its
 * database lock would make the restored file be overwritten). The replaced file is renamed, with
 * its write-ahead log, not deleted: a corrupt database is evidence too.
 */
export function restoreBackup(dataDir: string, backupPath: string, now = new Date()): RestoreResult {
  if (!existsSync(backupPath)) throw new Error(`no backup at ${backupPath}`);
  const live = join(dataDir, DATABASE_FILE);
  let setAside: string | null = null;
  if (existsSync(live)) {
    setAside = `${live}.replaced-${now.toISOString().replace(/[-:.]/g, '')}`;
    renameSync(live, setAside);
    if (existsSync(`${live}.wal`)) renameSync(`${live}.wal`, `${setAside}.wal`);
  }
  const part = `${live}.restoring`;
  copyFileSync(backupPath, part);
  renameSync(part, live);
  rmSync(`${live}.wal`, { force: true });
  return { restored: backupPath, setAside };
}
