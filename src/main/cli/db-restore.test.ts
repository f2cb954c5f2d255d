import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupName } from '../services/backup/backup-files';
import { runDbRestore } from './db-restore';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dataDirWithBackups(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-restore-cli-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'backups'));
  writeFileSync(join(dir, 'backups', backupName(new Date('2026-11-30T01:00:00Z'))), 'older');
  writeFileSync(join(dir, 'backups', backupName(new Date('2026-12-01T01:00:00Z'))), 'newest');
  writeFileSync(join(dir, 'ioc.duckdb'), 'damaged');
  return dir;
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

describe('db-restore', () => {
  it('restores the newest backup by default and keeps the replaced file', () => {
    const dir = dataDirWithBackups();
    const r = io();
    expect(runDbRestore(['--data-dir', dir], r.io, new Date('2026-12-01T02:00:00Z'))).toBe(0);
    expect(readFileSync(join(dir, 'ioc.duckdb'), 'utf8')).toBe('newest');
    expect(r.out[0]).toMatch(/replaced database is kept at .*ioc\.duckdb\.replaced-/);
  });

  it('refuses a file that is not one of the folder backups, and bad usage', () => {
    const dir = dataDirWithBackups();
    const outside = join(dir, 'elsewhere.duckdb');
    writeFileSync(outside, 'x');
    const r = io();
    expect(runDbRestore(['--data-dir', dir, '--backup', outside], r.io)).toBe(2);
    expect(r.err[0]).toMatch(/not one of this data folder's backups/);
    expect(readFileSync(join(dir, 'ioc.duckdb'), 'utf8')).toBe('damaged');
    expect(runDbRestore(['--bogus'], io().io)).toBe(2);
    expect(runDbRestore([], io().io)).toBe(2);
  });

  it('lists the backups newest first', () => {
    const dir = dataDirWithBackups();
    const r = io();
    expect(runDbRestore(['--data-dir', dir, '--list'], r.io)).toBe(0);
    expect(r.out).toHaveLength(2);
    expect(r.out[0]).toContain('2026-12-01T01:00:00.000Z');
  });
});
