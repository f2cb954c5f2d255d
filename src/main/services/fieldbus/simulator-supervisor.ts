import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { SimulatorStatus } from '../../../shared/domain/field';
import type { Disposable } from '../../../shared/lib/lifecycle';
import type { Logger } from '../log/logger';

export interface SimulatorLaunch {
  /** Always an executable path (process.execPath), never a shell line. */
  command: string;
  args: readonly string[];
  env?: Record<string, string>;
  cwd?: string;
}

const readySchema = z.object({
  event: z.literal('ready'),
  telemetry: z.string().startsWith('tcp://'),
  commands: z.string().startsWith('tcp://'),
  publicKey: z.string().length(40),
  pid: z.number().int(),
  /** Records per telemetry batch the simulator sends (protocol v2); 0 or absent: single records. */
  batchRecords: z.number().int().min(0).max(1000).optional(),
});
export type SimulatorReady = z.infer<typeof readySchema>;

export interface SupervisorOptions {
  launch: SimulatorLaunch;
  log: Logger;
  onReady(ready: SimulatorReady): void | Promise<void>;
  /** Called when a running simulator is gone (the bus should drop its old endpoints). */
  onGone?(ready: SimulatorReady): void | Promise<void>;
  onStatus(status: SimulatorStatus): void;
  readyTimeoutMs?: number;
  /** Restarts allowed within `restartWindowMs` before the supervisor gives up. */
  maxRestarts?: number;
  restartWindowMs?: number;
  backoffMs?: (attempt: number) => number;
}

/**
 * Runs the field simulator as a child process: waits for its ready line, restarts it with
 * backoff when it dies, gives up after too many crashes, and stops it (TERM, then KILL) on
 * dispose. Starting never blocks the console: readiness arrives through `onReady`.
 */
export class SimulatorSupervisor implements Disposable {
  private child: ChildProcess | null = null;
  private ready: SimulatorReady | null = null;
  private restarts: number[] = [];
  private status: SimulatorStatus = { state: 'off', pid: null, restarts: 0, detail: null };
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(private readonly options: SupervisorOptions) {}

  start(): void {
    if (this.disposed || this.child) return;
    this.spawnChild();
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        const kill = setTimeout(() => child.kill('SIGKILL'), 3_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      });
    }
    this.setStatus({ state: 'off', pid: null, detail: 'stopped' });
  }

  private spawnChild(): void {
    const { launch, log } = this.options;
    this.setStatus({ state: this.restarts.length ? 'restarting' : 'starting', pid: null, detail: null });
    const child = spawn(launch.command, [...launch.args], {
      cwd: launch.cwd,
      env: { ...process.env, ...launch.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
    });
    this.child = child;
    let stderrTail = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString()).slice(-4_000);
    });
    const readyTimer = setTimeout(() => {
      log.error('field simulator did not become ready; stopping it', { timeoutMs: this.options.readyTimeoutMs ?? 20_000, stderr: stderrTail });
      child.kill('SIGKILL');
    }, this.options.readyTimeoutMs ?? 20_000);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (this.ready || child !== this.child) return;
      let parsed: SimulatorReady;
      try {
        parsed = readySchema.parse(JSON.parse(line));
      } catch {
        return;
      }
      clearTimeout(readyTimer);
      this.ready = parsed;
      this.setStatus({ state: 'running', pid: parsed.pid, detail: null });
      Promise.resolve(this.options.onReady(parsed)).catch((err: unknown) => log.error('field simulator ready, but the bus could not connect', { err }));
    });
    child.on('error', (err) => log.error('field simulator could not be started', { err }));
    child.on('exit', (code, signal) => {
      clearTimeout(readyTimer);
      lines.close();
      const was = this.ready;
      this.child = null;
      this.ready = null;
      if (was) Promise.resolve(this.options.onGone?.(was)).catch(() => {});
      if (this.disposed) return;
      log.warn('field simulator exited', { code, signal, stderr: stderrTail.slice(-1_000) });
      this.scheduleRestart(`exited (${signal ?? code})`);
    });
  }

  private scheduleRestart(why: string): void {
    const now = Date.now();
    const window = this.options.restartWindowMs ?? 10 * 60_000;
    this.restarts = this.restarts.filter((t) => now - t < window);
    if (this.restarts.length >= (this.options.maxRestarts ?? 5)) {
      this.setStatus({ state: 'failed', pid: null, detail: `${why}; gave up after ${this.restarts.length} restarts` });
      return;
    }
    this.restarts.push(now);
    const delay = (this.options.backoffMs ?? ((n: number) => Math.min(30_000, 500 * 2 ** n)))(this.restarts.length - 1);
    this.setStatus({ state: 'restarting', pid: null, detail: `${why}; restarting in ${delay} ms` });
    this.restartTimer = setTimeout(() => this.spawnChild(), delay);
    this.restartTimer.unref?.();
  }

  private setStatus(status: Omit<SimulatorStatus, 'restarts'>): void {
    this.status = { ...status, restarts: this.restarts.length };
    this.options.onStatus(this.status);
  }
}
