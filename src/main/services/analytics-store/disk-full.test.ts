import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/test-support';
import { isDiskFull } from './disk-full';
import { DISK_FULL_SCENARIO, runDiskFullScenario, type DiskFullObservations } from './disk-full-scenario';

/**
 * A full disk, for real: the analytics store, reports and backups write to a filesystem that runs
 * out of space, must say so clearly, keep the live events in memory (bounded, overflow counted),
 * and store every kept event once space returns. Two real ways to run out of space: a 16 MiB tmpfs
 * the test mounts (needs root), and RLIMIT_FSIZE lowered on a child process with `prlimit`.
 */
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function tryMountTmpfs(dir: string): string | null {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (process.getuid?.() !== 0) return `not root (uid ${process.getuid?.()}), so no tmpfs can be mounted`;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m,mode=0700', 'ioc-diskfull-test', dir], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return `mount failed: ${String((err as { stderr?: Buffer }).stderr ?? (err as Error).message).trim()}`;
  }
}

function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'pipe' });
  } catch {
    execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
  }
}

/** Writes a filler file until the filesystem refuses (ENOSPC): the disk is now really full. */
function fillUp(path: string): number {
  const chunk = Buffer.alloc(64 * 1024, 0x5a);
  const fd = openSync(path, 'w');
  let written = 0;
  try {
    for (;;) {
      try {
        written += writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
        // The last partial chunk: fill the remaining bytes one small write at a time.
        for (const size of [4096, 512, 1]) {
          try {
            for (;;) written += writeSync(fd, chunk.subarray(0, size));
          } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
          }
        }
        return written;
      }
    }
  } finally {
    closeSync(fd);
  }
}

async function viaTmpfs(base: string): Promise<DiskFullObservations | string> {
  const mnt = join(base, 'mnt');
  mkdirSync(mnt);
  const why = tryMountTmpfs(mnt);
  if (why) return why;
  cleanups.push(() => unmount(mnt));
  const filler = join(mnt, 'filler.bin');
  return runDiskFullScenario({
    dir: mnt,
    fill: async () => {
      expect(fillUp(filler)).toBeGreaterThan(0);
    },
    free: async () => rmSync(filler),
  });
}

/** The scenario in a child process whose RLIMIT_FSIZE we lower to 0 (writes fail with EFBIG) and raise again. */
async function viaRlimit(base: string): Promise<DiskFullObservations> {
  const dir = join(base, 'rlimit');
  mkdirSync(dir);
  const child = spawn(join(process.cwd(), 'node_modules/.bin/tsx'), [join(import.meta.dirname, 'disk-full-child.ts'), dir], { stdio: ['pipe', 'pipe', 'pipe'] });
  cleanups.push(() => void child.kill('SIGKILL'));
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  for await (const line of createInterface({ input: child.stdout })) {
    const [word, rest] = [line.split(' ')[0], line.slice(line.indexOf(' ') + 1)];
    if (word === 'FILL' || word === 'FREE') {
      // Soft limit only, so an unprivileged user can raise it back.
      execFileSync('prlimit', ['--pid', rest, `--fsize=${word === 'FILL' ? '0' : 'unlimited'}:`], { stdio: 'pipe' });
      child.stdin.write('OK\n');
    } else if (word === 'RESULT') {
      child.stdin.end();
      await exited;
      return JSON.parse(rest) as DiskFullObservations;
    }
  }
  throw new Error(`the disk-full child ended without a result (exit ${await exited}): ${stderr}`);
}

function expectNothingLost(o: DiskFullObservations, label: string): void {
  const { queue, before, whileFull } = DISK_FULL_SCENARIO;
  expect(o.beforeRows, label).toBe(before);
  // The write failed with a clear, recognisable disk-full error…
  expect(o.flushError.code, label).toBe('DISK_FULL');
  expect(o.flushError.message, label).toMatch(/disk is full/);
  expect(isDiskFull(o.flushError), label).toBe(true);
  // …the events wait in memory up to the bound, and what did not fit is counted, not dropped unseen.
  expect(o.healthWhileFull, label).toMatchObject({ state: 'diskFull', pendingRows: queue, maxPendingRows: queue, overflowRows: whileFull - queue });
  expect(o.healthWhileFull.lastError, label).toMatch(/No space left on device|File too large/);
  // New reports and exports are refused with the reason; the backup meets the full disk itself.
  expect(o.exportError, label).toMatchObject({ code: 'DISK_FULL', message: expect.stringMatching(/disk is full/) });
  expect(o.reportError, label).toMatchObject({ code: 'DISK_FULL', message: expect.stringMatching(/disk is full/) });
  expect(o.backupError, label).toMatchObject({ code: 'DISK_FULL', message: expect.stringMatching(/disk is full/) });
  expect(o.partsLeft, label).toEqual([]);
  // Space returns: the retry stores every queued event exactly once, rolled up and durable.
  expect(o.healthAfter, label).toMatchObject({ state: 'ok', pendingRows: 0, overflowRows: whileFull - queue, lastError: null });
  expect(o.rowsAfter, label).toBe(before + queue);
  expect(o.distinctSeqAfter, label).toBe(before + queue);
  expect(o.rolledUpAfter, label).toBe(before + queue);
  expect(o.rowsAfterReopen, label).toBe(before + queue);
  expect(o.reportAfter, label).toBe(true);
}

describe('a full disk', () => {
  it('on a tiny tmpfs: says so, keeps events in a bounded queue, refuses reports/exports, loses nothing once space returns', async () => {
    const base = makeTempDir('ioc-diskfull-');
    cleanups.push(base.cleanup);
    const result = await viaTmpfs(base.dir);
    if (typeof result === 'string') {
      // Never a silent skip: say why, and run out of space the other real way.
      console.warn(`[disk-full test] cannot mount a tmpfs (${result}); using RLIMIT_FSIZE in a child process instead`);
      expectNothingLost(await viaRlimit(base.dir), 'rlimit fallback');
      return;
    }
    expectNothingLost(result, 'tmpfs');
  }, 60_000);

  it('under RLIMIT_FSIZE (prlimit on a child process): the same guarantees without root', async () => {
    const base = makeTempDir('ioc-diskfull-rl-');
    cleanups.push(base.cleanup);
    expectNothingLost(await viaRlimit(base.dir), 'rlimit');
  }, 90_000);

  it('recognises disk-full errors from Node and DuckDB, and nothing else', () => {
    expect(isDiskFull(Object.assign(new Error('x'), { code: 'ENOSPC' }))).toBe(true);
    expect(isDiskFull(new Error('TransactionContext Error: Failed to commit: Could not write file "/x/t.duckdb.wal": No space left on device'))).toBe(true);
    expect(isDiskFull(new Error('wrapped', { cause: new Error('File too large') }))).toBe(true);
    expect(isDiskFull(new Error('Constraint Error: duplicate key'))).toBe(false);
    expect(isDiskFull(undefined)).toBe(false);
  });
});
