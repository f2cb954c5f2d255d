import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningHost {
  url: string;
  origin: string;
  dataDir: string;
  pid: number;
  stop(): Promise<void>;
}

export function makeDataDir(prefix = 'ioc-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Starts the built headless host as its own process, exactly as `npm run serve` does. */
export async function startHost(dataDir: string, timeoutMs = 60_000): Promise<RunningHost> {
  // stdin is a pipe the host watches: if this runner dies (even by SIGKILL) the host stops too.
  const child = spawn(process.execPath, [join(repoRoot, 'out', 'main', 'headless.js'), '--json', '--exit-with-stdin', '--data-dir', dataDir], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.length > 100_000) stderr = stderr.slice(-50_000);
  });
  const line = await new Promise<string>((resolveLine, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start within ${timeoutMs} ms\n${stderr}`)), timeoutMs);
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (l) => {
      clearTimeout(timer);
      resolveLine(l);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}\n${stderr}`));
    });
  });
  const info = JSON.parse(line) as { url: string; origin: string; pid: number };
  return { ...info, dataDir, pid: child.pid!, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(killTimer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}
