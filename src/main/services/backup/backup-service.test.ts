import { mkdtempSync, openSync, rmSync, writeSync, closeSync, statSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Migration } from '../store/migration';
import { StoreService } from '../store/store-service';
import { BACKUP_DIR, listBackups } from './backup-files';
import { BackupService } from './backup-service';
import { DatabaseUnreadableError, openConsoleStore } from './open-store';
import { restoreBackup } from './restore';

const notes: Migration = { version: 1, name: 'notes', up: ['CREATE TABLE notes (id INTEGER PRIMARY KEY, body VARCHAR NOT NULL)'] };
const dirs: string[] = [];
const dataDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'ioc-backup-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Overwrites the database file's first blocks (its headers) with garbage, as a failing disk would. */
function damage(path: string): void {
  const fd = openSync(path, 'r+');
  const junk = Buffer.alloc(12_288, 0x5a);
  writeSync(fd, junk, 0, junk.length, 0);
  closeSync(fd);
}

describe('database backups', () => {
  it('copies the live database into a file that opens on its own, and keeps only the newest N', async () => {
    const dir = dataDir();
    const store = await openConsoleStore(dir, [notes]);
    await store.run(`INSERT INTO notes VALUES (1, 'ngập Lê Lợi'), (2, 'đèn tắt')`);
    let clock = Date.parse('2026-12-01T00:00:00Z');
    const backups = new BackupService({ store, dir: join(dir, BACKUP_DIR), keep: 2, now: () => new Date((clock += 60_000)) });
    await backups.backupNow();
    await store.run(`INSERT INTO notes VALUES (3, 'sau bản sao 1')`);
    await backups.backupNow();
    const last = await backups.backupNow();
    expect(backups.list().map((b) => b.name)).toEqual(['ioc-20261201T000300Z.duckdb', 'ioc-20261201T000200Z.duckdb']);
    expect(readdirSync(join(dir, BACKUP_DIR)).some((n) => n.endsWith('.part'))).toBe(false);
    backups.dispose();
    await store.dispose();

    const copy = await StoreService.open({ path: last.path, migrations: [notes], readOnly: true });
    expect(await copy.all<{ body: string }>('SELECT body FROM notes ORDER BY id')).toEqual([{ body: 'ngập Lê Lợi' }, { body: 'đèn tắt' }, { body: 'sau bản sao 1' }]);
    await copy.dispose();
  });

  it("copies on its own connection: the console's writes go on during a backup, and closing waits for it", async () => {
    const dir = dataDir();
    const store = await openConsoleStore(dir, [notes]);
    await store.run(`INSERT INTO notes SELECT i, 'ghi chú ' || i FROM range(1, 200001) t(i)`);
    const backups = new BackupService({ store, dir: join(dir, BACKUP_DIR) });
    const taking = backups.backupNow();
    let backupDone = false;
    void taking.then(() => (backupDone = true));
    await store.run('INSERT INTO notes VALUES ($1, $2)', [299_999, 'không phải chờ bản sao']);
    // Through the store's own queue this write would have waited for the whole copy.
    expect(backupDone).toBe(false);
    for (let i = 0; i < 49; i++) await store.run('INSERT INTO notes VALUES ($1, $2)', [300_000 + i, 'trong lúc sao lưu']);
    const closing = store.dispose();
    const taken = await taking;
    await closing;
    const copy = await StoreService.open({ path: taken.path, migrations: [notes], readOnly: true });
    // A consistent snapshot: every row that existed when the copy began, and no half-written ones.
    const [row] = await copy.all<{ n: number }>('SELECT count(*) AS n FROM notes WHERE id <= 200000');
    expect(Number(row!.n)).toBe(200_000);
    await copy.dispose();
    const reopened = await openConsoleStore(dir, [notes]);
    const [after] = await reopened.all<{ n: number }>('SELECT count(*) AS n FROM notes');
    expect(Number(after!.n)).toBe(200_050);
    await reopened.dispose();
  });

  it('says clearly when the database is damaged, offers the newest backup, and the restore brings the data back', async () => {
    const dir = dataDir();
    const store = await openConsoleStore(dir, [notes]);
    await store.run(`INSERT INTO notes VALUES (1, 'trước sự cố')`);
    const backups = new BackupService({ store, dir: join(dir, BACKUP_DIR) });
    const taken = await backups.backupNow();
    await store.run(`INSERT INTO notes VALUES (2, 'sau bản sao: mất khi khôi phục')`);
    await store.dispose();
    const live = join(dir, 'ioc.duckdb');
    const size = statSync(live).size;
    damage(live);

    const refused = await openConsoleStore(dir, [notes]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(DatabaseUnreadableError);
    const err = refused as DatabaseUnreadableError;
    expect(err.message).toContain('cannot be opened');
    expect(err.message).toContain(taken.path);
    expect(err.message).toContain('npm run db:restore');
    expect(err.backup?.path).toBe(taken.path);
    // Nothing was touched by the failed open.
    expect(statSync(live).size).toBe(size);

    const result = restoreBackup(dir, err.backup!.path);
    expect(result.setAside && existsSync(result.setAside)).toBe(true);
    const reopened = await openConsoleStore(dir, [notes]);
    expect(await reopened.all<{ body: string }>('SELECT body FROM notes ORDER BY id')).toEqual([{ body: 'trước sự cố' }]);
    await reopened.dispose();
  });

  it('says there is nothing to restore when no backup was ever taken', async () => {
    const dir = dataDir();
    const store = await openConsoleStore(dir, [notes]);
    await store.dispose();
    damage(join(dir, 'ioc.duckdb'));
    await expect(openConsoleStore(dir, [notes])).rejects.toThrow(/no backup in this data folder/);
    expect(listBackups(join(dir, BACKUP_DIR))).toEqual([]);
  });
});
