import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Backups live beside the database: `<data>/backups/ioc-<UTC stamp>.duckdb`. */
export const BACKUP_DIR = 'backups';
const NAME = /^ioc-(\d{8}T\d{6}Z)\.duckdb$/;

export interface BackupFile {
  path: string;
  name: string;
  /** When the backup was taken (from its name, which sorts by time). */
  takenAt: Date;
  bytes: number;
}

export function backupName(at: Date): string {
  return `ioc-${at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}.duckdb`;
}

/** The finished backups in `dir`, newest first; half-written ones (`.part`) are not listed. */
export function listBackups(dir: string): BackupFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((name) => {
      const m = NAME.exec(name);
      if (!m) return [];
      const s = m[1]!;
      const takenAt = new Date(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`);
      const path = join(dir, name);
      return [{ path, name, takenAt, bytes: statSync(path).size }];
    })
    .sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime());
}
