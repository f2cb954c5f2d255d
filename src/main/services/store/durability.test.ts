import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreService } from './store-service';
import { makeTempDir } from './test-support';
import { durabilityMigrations } from './test-fixtures/durability-schema';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const childScript = fileURLToPath(new URL('./test-fixtures/append-until-killed.ts', import.meta.url));
// Over two DuckDB vectors (2048 rows), so a batch spans several data chunks.
const ROWS_PER_BATCH = 5_000;

interface KilledRun {
  lastCommitted: number;
  committedLines: number;
  signal: NodeJS.Signals | null;
}

/** Starts the appender, SIGKILLs it (by its PID) once it has committed `killAfter` batches. */
function appendThenKill(dbPath: string, killAfter: number, extraDelayMs: number): Promise<KilledRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, dbPath, String(ROWS_PER_BATCH)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killScheduled = false;
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`appender did not reach ${killAfter} batches in time; stderr: ${stderr}`));
    }, 25_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const committed = stdout.match(/^committed \d+$/gm)?.length ?? 0;
      if (!killScheduled && committed >= killAfter) {
        killScheduled = true;
        // A short, varying delay so the kill lands at different points of the next batch.
        setTimeout(() => process.kill(child.pid!, 'SIGKILL'), extraDelayMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(guard);
      const lines = stdout.match(/^committed (\d+)$/gm) ?? [];
      const last = lines.at(-1);
      resolve({ lastCommitted: last ? Number(last.split(' ')[1]) : 0, committedLines: lines.length, signal });
    });
  });
}

let tmp: ReturnType<typeof makeTempDir> | undefined;
afterEach(() => tmp?.cleanup());

describe('StoreService durability under SIGKILL', () => {
  it.each([
    { killAfter: 2, delayMs: 1 },
    { killAfter: 5, delayMs: 3 },
    { killAfter: 9, delayMs: 7 },
  ])('loses nothing committed and shows no partial batch (killed $delayMs ms after batch $killAfter)', async ({ killAfter, delayMs }) => {
    tmp = makeTempDir('ioc-durability-');
    const dbPath = join(tmp.dir, 'ioc.duckdb');
    const run = await appendThenKill(dbPath, killAfter, delayMs);
    expect(run.signal).toBe('SIGKILL');
    expect(run.committedLines).toBeGreaterThanOrEqual(killAfter);

    const store = await StoreService.open({ path: dbPath, migrations: durabilityMigrations });
    try {
      const [stats] = await store.all<{ n: number; lo: number | null; hi: number | null; distinct_ids: number }>(
        'SELECT count(*) AS n, min(id) AS lo, max(id) AS hi, count(DISTINCT id) AS distinct_ids FROM events',
      );
      const n = stats!.n;
      // Every committed row is there, and at most the one batch in flight beyond it.
      expect(n).toBeGreaterThanOrEqual(run.lastCommitted);
      expect(n).toBeLessThanOrEqual(run.lastCommitted + ROWS_PER_BATCH);
      // Batches are all or nothing…
      expect(n % ROWS_PER_BATCH).toBe(0);
      const torn = await store.all('SELECT batch, count(*) AS rows FROM events GROUP BY batch HAVING count(*) <> $1', [ROWS_PER_BATCH]);
      expect(torn).toEqual([]);
      // …ids contiguous from 0, none doubled…
      expect(stats).toMatchObject({ lo: 0, hi: n - 1, distinct_ids: n });
      // …and every row reads back exactly as written.
      const [bad] = await store.all<{ n: number }>(
        `SELECT count(*) AS n FROM events
          WHERE payload <> 'row ' || id || ' ' || repeat('·Đông Hà·', 8) OR batch <> id // $1`,
        [ROWS_PER_BATCH],
      );
      expect(bad!.n).toBe(0);

      // The file is fully usable afterwards.
      await store.run('INSERT INTO events VALUES ($1, -1, $2, now())', [n, 'after recovery']);
      expect((await store.all('SELECT payload FROM events WHERE id = $1', [n]))[0]).toEqual({ payload: 'after recovery' });
    } finally {
      await store.dispose();
    }
  }, 60_000);
});
