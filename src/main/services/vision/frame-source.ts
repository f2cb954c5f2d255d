import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { FrameAssembler } from './frame-assembler';

export interface FrameSourceOptions {
  /** rtsp(s):// or http(s):// URL, or an absolute file path. Never passed to a shell. */
  input: string;
  width: number;
  height: number;
  fps: number;
  /** Files only: read at real-time speed (as a camera would deliver) and loop at the end. */
  live?: boolean;
  ffmpegPath?: string;
  onFrame: (pixels: ArrayBuffer, index: number) => void;
  /** Called once when ffmpeg ends: `error` is null after a clean end of a file. */
  onEnd: (result: { error: string | null; frames: number }) => void;
}

/** Refuses inputs ffmpeg could read as an option or a surprising protocol. */
export function checkInput(input: string): { kind: 'stream' | 'file'; rtsp: boolean } {
  if (input.length === 0 || input.length > 2048 || /[\0\r\n]/.test(input)) throw new Error('the camera address is empty, too long or has control characters');
  if (/^rtsps?:\/\//i.test(input)) return { kind: 'stream', rtsp: true };
  if (/^https?:\/\//i.test(input)) return { kind: 'stream', rtsp: false };
  if (!isAbsolute(input)) throw new Error(`not an rtsp/http URL or an absolute file path: ${input.slice(0, 80)}`);
  if (!existsSync(input)) throw new Error(`no such file: ${input}`);
  if (statSync(input).size === 0) throw new Error(`the file is empty: ${input}`);
  return { kind: 'file', rtsp: false };
}

export function ffmpegArgs(o: Pick<FrameSourceOptions, 'input' | 'width' | 'height' | 'fps' | 'live'>): string[] {
  const { kind, rtsp } = checkInput(o.input);
  return [
    '-hide_banner',
    '-loglevel', 'error',
    '-nostdin',
    ...(rtsp ? ['-rtsp_transport', 'tcp'] : []),
    ...(kind === 'file' && o.live ? ['-re', '-stream_loop', '-1'] : []),
    // `file:` keeps a path starting with a protocol-like prefix from being read as a protocol.
    '-i', kind === 'file' ? `file:${o.input}` : o.input,
    '-an', '-sn', '-dn',
    '-vf', `fps=${o.fps},scale=${o.width}:${o.height}`,
    '-pix_fmt', 'rgb24',
    '-f', 'rawvideo',
    'pipe:1',
  ];
}

/**
 * ffmpeg decoding a camera stream or a file to RGB24 frames at the analysis rate and size, on
 * a pipe. The decoder does the sampling (`fps=`), so the station never handles frames it will
 * not analyse.
 */
export class FfmpegFrameSource {
  private child: ChildProcess | null = null;
  private stderrTail = '';
  private ended = false;

  constructor(private readonly options: FrameSourceOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    if (this.child) throw new Error('already started');
    const args = ffmpegArgs(this.options);
    const assembler = new FrameAssembler(this.options.width, this.options.height, this.options.onFrame);
    const child = spawn(this.options.ffmpegPath ?? 'ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout!.on('data', (chunk: Buffer) => assembler.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-2000);
    });
    const finish = (error: string | null): void => {
      if (this.ended) return;
      this.ended = true;
      this.options.onEnd({ error, frames: assembler.frames });
    };
    child.on('error', (err) => finish(`could not run ffmpeg: ${err.message}`));
    child.on('close', (code, signal) => {
      const tail = this.stderrTail.trim().split('\n').slice(-3).join(' | ');
      if (signal && this.stopping) return finish(null);
      if (assembler.frames === 0) return finish(`no frames decoded (${code === 0 ? 'empty or unreadable input' : `ffmpeg exit ${code ?? signal}`})${tail ? `: ${tail}` : ''}`);
      if (code !== 0) return finish(`ffmpeg stopped (exit ${code ?? signal})${tail ? `: ${tail}` : ''}`);
      if (assembler.pending > 0) return finish(`the stream ended inside a frame (${assembler.pending} of ${assembler.frameBytes} bytes)`);
      finish(null);
    });
  }

  private stopping = false;

  /** Stops ffmpeg and waits for it to exit (SIGKILL after a grace period). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.stopping = true;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), 2_000);
      child.once('close', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
