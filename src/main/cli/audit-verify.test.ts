import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../services/audit/audit-log';
import { FileKeyProvider } from '../services/secrets/file-key-provider';
import { SecretBox } from '../services/secrets/secret-box';
import { DATABASE_FILE } from '../services/store/paths';
import { makeTempDir, openTestStore } from '../services/store/test-support';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const cli = fileURLToPath(new URL('./audit-verify.ts', import.meta.url));

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a real child process (tsx loader, argument array, no shell), bounded in time. */
function runCli(args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`audit-verify did not finish; stderr: ${stderr}`));
    }, 30_000);
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A data folder as the console leaves it: key, database with `entries` audit entries, head anchor. */
async function makeDataDir(entries: number) {
  const tmp = makeTempDir('ioc-cli-');
  cleanups.push(tmp.cleanup);
  const key = await new FileKeyProvider({ dir: tmp.dir }).loadOrCreateKey();
  const store = await openTestStore(join(tmp.dir, DATABASE_FILE));
  // Wired the way the console wires it, so the CLI is checked against the real key derivation.
  const audit = await AuditLog.openInDataDir({ store, secrets: new SecretBox(key), dataDir: tmp.dir });
  for (let i = 1; i <= entries; i++) await audit.append({ actor: 'admin', action: 'operators.create', args: { username: `op${i}` }, result: 'ok' });
  await store.dispose();
  return tmp.dir;
}

async function tamper(dir: string, sql: string) {
  const store = await openTestStore(join(dir, DATABASE_FILE));
  await store.run(sql);
  await store.dispose();
}

describe('audit-verify CLI', () => {
  it('exits 0 on an intact trail, and 1 naming the first bad seq once the file is tampered with', async () => {
    const dir = await makeDataDir(5);
    const intact = await runCli(['--data-dir', dir]);
    expect(intact.stderr).toBe('');
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/audit trail OK: 5 entries verified/);

    await tamper(dir, "UPDATE audit_log SET args = '{\"username\":\"intruder\"}' WHERE seq = 3");
    const broken = await runCli(['--data-dir', dir]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/BROKEN at seq 3: entry 3 does not match its hash/);

    const json = await runCli(['--data-dir', dir, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, checked: 2, firstBadSeq: 3 });
  }, 90_000);

  it('exits 1 when the tail was cut off', async () => {
    const dir = await makeDataDir(4);
    await tamper(dir, 'DELETE FROM audit_log WHERE seq = 4');
    const run = await runCli(['--data-dir', dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/BROKEN at seq 4: entry 4 was removed from the end/);
  }, 60_000);

  it('exits 2 on usage errors', async () => {
    const none = await runCli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--data-dir is required[\s\S]*usage:/);
    expect((await runCli(['--data-dir', '/nonexistent/ioc-data'])).code).toBe(2);
    expect((await runCli(['--frobnicate'])).code).toBe(2);
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/exit 0: intact/);
  }, 60_000);

  it('exits 3 without a key, and while a running console holds the database', async () => {
    const dir = await makeDataDir(2);
    const store = await openTestStore(join(dir, DATABASE_FILE));
    cleanups.push(() => store.dispose());
    const locked = await runCli(['--data-dir', dir]);
    expect(locked.code).toBe(3);
    expect(locked.stderr).toMatch(/in use by a running console/);
    await store.dispose();

    rmSync(join(dir, 'master.key'));
    const keyless = await runCli(['--data-dir', dir]);
    expect(keyless.code).toBe(3);
    expect(keyless.stderr).toMatch(/no master key/);
  }, 60_000);
});
