import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Disposable } from '../../../shared/lib/lifecycle';
import { silentLogger, type Logger } from '../log/logger';
import type { StoreService } from '../store/store-service';
import { isDiskFull, removePartial } from '../analytics-store/disk-full';
import { backupName, listBackups, type BackupFile } from './backup-files';

export class BackupError extends Error {
  constructor(
    readonly code: 'DISK_FULL' | 'FAILED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BackupError';
  }
}

export interface BackupServiceOptions {
  store: StoreService;
  /** Folder the backups go to (`<data>/backups`). */
  dir: string;
  /** How many backups to keep; older ones are deleted after a new one succeeds. */
  keep?: number;
  /** How often to take one while the console runs (0: only on request). */
  everyMs?: number;
  now?: () => Date;
  log?: Logger;
}

/**
 * Copies of the console's database, taken while it runs: DuckDB copies every table into a new
 * file (`COPY FROM DATABASE`) on its own connection, so the copy is consistent and the console's
 * queries and writes go on meanwhile. A copy is
 * written under a `.part` name and renamed when complete, so a crash mid-backup never leaves a
 * file that looks finished. When the live database is found corrupt, the newest copy is what the
 * console offers to restore.
 */
export class BackupService implements Disposable {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<BackupFile> | null = null;
  private readonly log: Logger;

  constructor(private readonly options: BackupServiceOptions) {
    this.log = options.log ?? silentLogger;
    if (options.everyMs) {
      this.timer = setInterval(() => void this.backupNow().catch((err: unknown) => this.log.warn('backup failed', { err })), options.everyMs);
      this.timer.unref();
    }
  }

  list(): BackupFile[] {
    return listBackups(this.options.dir);
  }

  /** Takes a backup now; a call while one runs gets that one. */
  backupNow(): Promise<BackupFile> {
    this.running ??= this.take().finally(() => (this.running = null));
    return this.running;
  }

  private async take(): Promise<BackupFile> {
    const { store, dir } = this.options;
    mkdirSync(dir, { recursive: true });
    const name = backupName((this.options.now ?? (() => new Date()))());
    const final = join(dir, name);
    const part = `${final}.part`;
    rmSync(part, { force: true });
    try {
      await store.copyDatabaseTo(part);
      renameSync(part, final);
    } catch (err) {
      // A half-written copy only takes the space the console needs; the older backups stay.
      removePartial(part);
      if (isDiskFull(err)) throw new BackupError('DISK_FULL', `backup not taken: the disk is full (${(err as Error).message}); older backups are kept`, { cause: err });
      throw new BackupError('FAILED', `backup not taken: ${(err as Error).message}`, { cause: err });
    }
    this.prune();
    const taken = this.list().find((b) => b.name === name);
    if (!taken) throw new Error(`backup ${final} vanished after it was written`);
    this.log.info('database backed up', { file: final, bytes: taken.bytes });
    return taken;
  }

  private prune(): void {
    const keep = Math.max(1, this.options.keep ?? 7);
    for (const old of this.list().slice(keep)) rmSync(old.path, { force: true });
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
