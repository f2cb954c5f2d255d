import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { makeDataDir } from './support/headless-host';

/**
 * A host started with --exit-with-stdin by a parent that is then SIGKILLed (as a test runner
 * killed on timeout is) stops by itself, and takes the simulators it started with it.
 */
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** PIDs whose parent is `pid` (from /proc), i.e. what the host itself started. */
async function childrenOf(pid: number): Promise<number[]> {
  const { readdirSync, readFileSync } = await import('node:fs');
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(entry));
    } catch {
      // The process ended while we read.
    }
  }
  return out;
}

test('a host whose parent is SIGKILLed stops by itself, with the processes it started', async () => {
  test.setTimeout(120_000);
  const dataDir = makeDataDir('ioc-e2e-lifecycle-');
  // The parent: a plain node process that starts the host with a stdin pipe and prints its PID.
  const parentScript = `
    const { spawn } = require('node:child_process');
    const host = spawn(process.execPath, [${JSON.stringify(join(repoRoot, 'out', 'main', 'headless.js'))}, '--json', '--exit-with-stdin', '--data-dir', ${JSON.stringify(dataDir)}], { stdio: ['pipe', 'pipe', 'ignore'] });
    host.stdout.once('data', (d) => process.stdout.write(d));
    setInterval(() => {}, 1000);`;
  const parent = spawn(process.execPath, ['-e', parentScript], { stdio: ['ignore', 'pipe', 'inherit'] });
  let hostPid = 0;
  try {
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('host did not start')), 60_000);
      parent.stdout!.once('data', (d: Buffer) => {
        clearTimeout(timer);
        resolve(d.toString().split('\n')[0]!);
      });
    });
    hostPid = (JSON.parse(line) as { pid: number }).pid;
    expect(alive(hostPid)).toBe(true);
    // The demo city's simulators are the host's children.
    await expect.poll(() => childrenOf(hostPid).then((c) => c.length), { timeout: 30_000 }).toBeGreaterThan(0);
    const started = await childrenOf(hostPid);

    parent.kill('SIGKILL');
    await expect.poll(() => alive(hostPid), { timeout: 30_000, intervals: [250] }).toBe(false);
    await expect.poll(() => started.filter(alive).length, { timeout: 15_000, intervals: [250] }).toBe(0);
  } finally {
    if (parent.exitCode === null) parent.kill('SIGKILL');
    // Only if the test failed: the host we started must not outlive it.
    if (hostPid && alive(hostPid)) process.kill(hostPid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});
