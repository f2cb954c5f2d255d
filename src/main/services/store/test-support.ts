import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coreMigrations } from './migrations';
import { StoreService } from './store-service';

/** Test helpers shared by the services built on the store. Never imported by product code. */

export function makeTempDir(prefix = 'ioc-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openTestStore(path = ':memory:'): Promise<StoreService> {
  return StoreService.open({ path, migrations: coreMigrations });
}

/** Polls until `check` holds; bounded in time so a broken subject fails instead of hanging. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 5_000, stepMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}
