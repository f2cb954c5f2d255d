/**
 * Restores the console's database from one of its backups, with the console stopped:
 *
 *   tsx src/main/cli/db-restore.ts --data-dir DIR [--backup FILE] [--list]
 *
 * Without --backup the newest backup in DIR/backups is used. The replaced database is renamed
 * beside it, never deleted. Exit status: 0 restored (or listed); 2 usage error or no backup.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BACKUP_DIR, listBackups } from '../services/backup/backup-files';
import { restoreBackup } from '../services/backup/restore';
import type { CliIo } from './audit-verify';

const USAGE = `usage: db-restore --data-dir DIR [--backup FILE] [--list]
  Puts a backup from DIR/${BACKUP_DIR} (the newest, or FILE) in place of the console's database.
  Stop the console first. The replaced database is kept beside it.`;

export function runDbRestore(argv: readonly string[], io: CliIo, now = new Date()): number {
  let values: { 'data-dir'?: string; backup?: string; list?: boolean };
  try {
    ({ values } = parseArgs({ args: [...argv], options: { 'data-dir': { type: 'string' }, backup: { type: 'string' }, list: { type: 'boolean' } }, strict: true, allowPositionals: false }));
  } catch (err) {
    io.err(`db-restore: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!values['data-dir']) {
    io.err(`db-restore: --data-dir is required\n${USAGE}`);
    return 2;
  }
  const dataDir = resolve(values['data-dir']);
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) {
    io.err(`db-restore: no data folder at ${dataDir}`);
    return 2;
  }
  const backups = listBackups(join(dataDir, BACKUP_DIR));
  if (values.list) {
    for (const b of backups) io.out(`${b.takenAt.toISOString()}  ${b.bytes} bytes  ${b.path}`);
    if (!backups.length) io.out('no backups');
    return 0;
  }
  // Only a backup of this data folder may be restored: a path from elsewhere is refused.
  const chosen = values.backup ? backups.find((b) => b.path === resolve(values.backup!)) : backups[0];
  if (!chosen) {
    io.err(values.backup ? `db-restore: ${values.backup} is not one of this data folder's backups (see --list)` : `db-restore: no backups in ${join(dataDir, BACKUP_DIR)}`);
    return 2;
  }
  try {
    const result = restoreBackup(dataDir, chosen.path, now);
    io.out(`restored ${result.restored} (taken ${chosen.takenAt.toISOString()})${result.setAside ? `; the replaced database is kept at ${result.setAside}` : ''}`);
    return 0;
  } catch (err) {
    io.err(`db-restore: ${(err as Error).message}`);
    return 2;
  }
}

const thisFile = fileURLToPath(import.meta.url);
const scriptIndex = process.argv.findIndex((arg, i) => i >= 1 && /\.[cm]?[jt]s$/.test(arg) && resolve(arg) === thisFile);
if (scriptIndex >= 1) {
  process.exitCode = runDbRestore(process.argv.slice(scriptIndex + 1), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
}
