import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Emitter } from '../../shared/lib/emitter';
import type { Logger } from '../../main/services/log/logger';
import { silentLogger } from '../../main/services/log/logger';
import { resolveSimFile } from './file-source';
import type { SimCameraSpec, SimProfiles } from './sim-config';

export interface RtspServerOptions {
  scriptPath: string;
  cameras: readonly SimCameraSpec[];
  profiles: SimProfiles;
  /** 0 picks a free port. The server binds 127.0.0.1 only. */
  port?: number;
  /** The looped pedestrian video; null serves test patterns instead. */
  vtestPath?: string | null;
  /** The only folder 'file' sources may read from (the app's resources); without it they are refused. */
  filesRoot?: string | null;
  /** RTSP digest credentials; none means open streams. */
  auth?: { username: string; password: string } | null;
  /** Debian's interpreter, which has python3-gi; a pyenv or venv python usually does not. */
  python?: string;
  startTimeoutMs?: number;
  log?: Logger;
}

export type RtspServerEvent =
  | { event: 'ready'; port: number }
  | { event: 'media'; camera: string; profile: string; state: 'configured' | 'unprepared' }
  | { event: 'ptz'; camera: string; x: number; y: number; zoom: number }
  | { event: 'error'; message: string };

/**
 * The GStreamer RTSP server (rtsp_server.py) as a child process: started with its config on
 * stdin, told about PTZ moves line by line, stopped by closing stdin and, failing that, by
 * SIGKILL to its own PID.
 */
export class RtspServerProcess {
  private readonly events = new Emitter<RtspServerEvent>();
  readonly onEvent = this.events.event;
  private exited = false;
  private readonly exitPromise: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    private readonly log: Logger,
  ) {
    this.exitPromise = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    void this.exitPromise.then(() => (this.exited = true));
  }

  static async start(options: RtspServerOptions): Promise<RtspServerProcess> {
    const log = options.log ?? silentLogger;
    const python = options.python ?? '/usr/bin/python3';
    if (!existsSync(options.scriptPath)) throw new Error(`RTSP simulator script not found: ${options.scriptPath}`);
    // File sources are checked before anything starts: a path from outside the resources folder never reaches GStreamer.
    const cameras = options.cameras.map((c) => (c.source === 'file' ? { ...c, file: resolveSimFile(c.file, options.filesRoot) } : c));
    const child = spawn(python, [options.scriptPath], { stdio: ['pipe', 'pipe', 'pipe'] });
    const config = {
      port: options.port ?? 0,
      vtest: options.vtestPath ?? null,
      files_root: options.filesRoot ?? null,
      auth: options.auth ?? null,
      profiles: options.profiles,
      cameras,
    };
    child.stdin?.on('error', () => undefined);
    child.stdin?.write(`${JSON.stringify(config)}\n`);
    const stderrTail: string[] = [];
    createInterface({ input: child.stderr! }).on('line', (line) => {
      stderrTail.push(line);
      if (stderrTail.length > 20) stderrTail.shift();
    });

    const lines = createInterface({ input: child.stdout! });
    const pending: RtspServerEvent[] = [];
    let instance: RtspServerProcess | null = null;
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error('RTSP simulator did not start in time')), options.startTimeoutMs ?? 15_000);
      const fail = (err: Error) => {
        clearTimeout(timer);
        if (child.exitCode === null) child.kill('SIGKILL');
        reject(err);
      };
      child.once('error', (err) => fail(err));
      child.once('exit', (code) => {
        // The simulator reports why it gave up (a missing GStreamer element, say) as an error event.
        const said = pending.flatMap((e) => (e.event === 'error' ? [e.message] : []));
        fail(new Error(`RTSP simulator exited (${code}): ${[...said, ...stderrTail.slice(-5)].join(' | ')}`));
      });
      lines.on('line', (line) => {
        const event = parseEvent(line);
        if (!event) return;
        if (instance) return instance.dispatch(event);
        if (event.event === 'ready') {
          clearTimeout(timer);
          resolve(event.port);
        } else pending.push(event);
      });
    });
    child.removeAllListeners('exit');
    child.removeAllListeners('error');
    child.on('error', (err) => log.warn('RTSP simulator process error', { err }));
    instance = new RtspServerProcess(child, port, log);
    for (const event of pending) instance.dispatch(event);
    log.info('RTSP simulator ready', { port, cameras: options.cameras.length });
    return instance;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return !this.exited;
  }

  url(cameraId: string, profile: string, credentials?: { username: string; password: string }): string {
    const auth = credentials ? `${encodeURIComponent(credentials.username)}:${encodeURIComponent(credentials.password)}@` : '';
    return `rtsp://${auth}127.0.0.1:${this.port}/${encodeURIComponent(cameraId)}/${encodeURIComponent(profile)}`;
  }

  /** Moves the crop window of a PTZ camera: x, y in -1..1, zoom in 0..1. */
  ptz(cameraId: string, position: { x: number; y: number; zoom: number }): void {
    if (this.exited) return;
    this.child.stdin?.write(`${JSON.stringify({ cmd: 'ptz', camera: cameraId, ...position })}\n`);
  }

  /** Makes the camera's running encoder for `profile` send a keyframe now (ONVIF SetSynchronizationPoint). */
  keyframe(cameraId: string, profile: string): void {
    if (this.exited) return;
    this.child.stdin?.write(`${JSON.stringify({ cmd: 'keyframe', camera: cameraId, profile })}\n`);
  }

  /** Kills the server abruptly (a camera that drops mid-stream). */
  crash(): void {
    if (!this.exited && this.child.pid) process.kill(this.child.pid, 'SIGKILL');
  }

  async dispose(): Promise<void> {
    this.events.dispose();
    if (this.exited) return;
    this.child.stdin?.end();
    const timer = setTimeout(() => {
      if (!this.exited && this.child.pid) process.kill(this.child.pid, 'SIGKILL');
    }, 2000);
    await this.exitPromise;
    clearTimeout(timer);
  }

  private dispatch(event: RtspServerEvent): void {
    if (event.event === 'error') this.log.warn('RTSP simulator', { message: event.message });
    this.events.fire(event);
  }
}

function parseEvent(line: string): RtspServerEvent | null {
  try {
    const value = JSON.parse(line) as RtspServerEvent;
    return typeof value === 'object' && value !== null && typeof value.event === 'string' ? value : null;
  } catch {
    return null;
  }
}

export type { ChildProcess };
