import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { StreamState } from '../../../shared/domain/video';
import { Emitter } from '../../../shared/lib/emitter';
import type { Logger } from '../log/logger';
import { diagnoseFfmpegLine, ffmpegArgs } from './ffmpeg-args';
import { Fmp4Reader } from './fmp4-boxes';
import { LlHlsWindow } from './ll-hls-window';

export interface HlsStreamOptions {
  id: string;
  url: string;
  /** What to call the stream in logs: never the URL, which may hold a password. */
  label: string;
  transcodeH265: boolean;
  ffmpegPath: string;
  partTarget: number;
  targetDuration: number;
  /** Restart delays after the camera drops, ms; the last repeats. */
  backoffMs: readonly number[];
  /** Wrong password: wait this long before trying again, so the camera does not lock us out. */
  authRetryMs: number;
  /** No bytes from ffmpeg for this long while live: treat the camera as stalled. */
  stallMs: number;
  /**
   * Asks the camera for a keyframe now (ONVIF SetSynchronizationPoint). Called when ffmpeg's RTSP
   * session is playing, so the first part need not wait for the camera's next GOP, and again at
   * the first part, so the first segment ends after a part or two and a player can start.
   */
  requestKeyframe?: () => Promise<void>;
  log: Logger;
}

export interface StreamStatus {
  state: StreamState;
  /** Machine-readable reason for reconnecting/offline/unsupported. */
  reason: string | null;
  codec: string | null;
  restarts: number;
}

/**
 * One camera stream: a supervised ffmpeg turning RTSP into LL-HLS parts. Restarts with
 * backoff when the camera drops or ffmpeg dies; refuses H.265 unless transcoding is enabled.
 */
export class HlsStream {
  readonly window: LlHlsWindow;
  private child: ChildProcess | null = null;
  private stopped = false;
  private attempt = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private stallTimer: NodeJS.Timeout | null = null;
  private liveSince = 0;
  private status: StreamStatus = { state: 'connecting', reason: null, codec: null, restarts: 0 };
  private readonly changes = new Emitter<StreamStatus>();
  readonly onDidChange = this.changes.event;
  private exitWaiters: (() => void)[] = [];
  /** Cleared when a quick-probe run ends without output (the camera's SDP may lack codec parameters). */
  private quickProbe = true;
  private keyframeRefusalLogged = false;

  constructor(private readonly options: HlsStreamOptions) {
    this.window = new LlHlsWindow({ partTarget: options.partTarget, targetDuration: options.targetDuration, windowSegments: 6 });
  }

  get current(): StreamStatus {
    return this.status;
  }

  /** How the next ffmpeg run starts: from the SDP's codec parameters, or probing the stream. */
  get probe(): 'quick' | 'full' {
    return this.quickProbe ? 'quick' : 'full';
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    if (this.stopped || this.child) return;
    const { options } = this;
    let diagnosis: ReturnType<typeof diagnoseFfmpegLine> = null;
    let unsupported = false;
    let produced = false;
    let fragments = 0;
    const quickProbe = this.quickProbe;
    const args = ffmpegArgs({ url: options.url, transcode: options.transcodeH265, fragmentUs: Math.round(options.partTarget * 1e6), quickProbe });
    const child = spawn(options.ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const reader = new Fmp4Reader({
      init: (init) => {
        produced = true;
        this.window.pushInit(init);
      },
      fragment: (fragment) => {
        this.window.pushFragment(fragment);
        if (++fragments === 1) this.askKeyframe();
        if (this.status.state !== 'live') {
          this.liveSince = Date.now();
          this.set({ state: 'live', reason: null });
        }
      },
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      this.armStallTimer();
      try {
        reader.push(chunk);
      } catch (err) {
        options.log.warn('unreadable output from ffmpeg; restarting', { stream: options.label, err });
        child.kill('SIGKILL');
      }
    });
    createInterface({ input: child.stderr! }).on('line', (line) => {
      if (line.startsWith('Input #0')) this.askKeyframe();
      const d = diagnoseFfmpegLine(line);
      if (!d) return;
      if (d.kind === 'codec') {
        this.status.codec = d.codec;
        if ((d.codec === 'hevc' || d.codec === 'h265') && !options.transcodeH265) {
          unsupported = true;
          child.kill('SIGKILL');
        } else if (d.codec !== 'h264' && d.codec !== 'hevc' && !options.transcodeH265) {
          unsupported = true;
          child.kill('SIGKILL');
        }
      } else if (!diagnosis) diagnosis = d;
    });
    child.on('error', (err) => options.log.warn('ffmpeg could not start', { stream: options.label, err }));
    child.on('close', (code, signal) => {
      this.child = null;
      this.clearStallTimer();
      if (quickProbe && !produced) this.quickProbe = false;
      for (const wake of this.exitWaiters.splice(0)) wake();
      if (this.stopped) return;
      if (unsupported) {
        this.set({ state: 'unsupported', reason: `codec:${this.status.codec ?? 'unknown'}` });
        this.window.release();
        return;
      }
      const reason = diagnosis?.kind ?? (signal ? `killed:${signal}` : `exit:${code}`);
      this.scheduleRestart(reason, diagnosis?.kind === 'auth');
    });
    this.armStallTimer();
  }

  /** Ends ffmpeg for good and resolves once it has exited. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.clearStallTimer();
    this.window.release();
    this.changes.dispose();
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => this.exitWaiters.push(resolve));
    child.kill('SIGTERM');
    const hard = setTimeout(() => child.kill('SIGKILL'), 1500);
    await exited;
    clearTimeout(hard);
  }

  private askKeyframe(): void {
    const request = this.options.requestKeyframe;
    if (!request || this.stopped) return;
    // Only a head start: the camera's own keyframes come anyway, so a refusal is noted once, not an error.
    request().catch((err: unknown) => {
      if (this.keyframeRefusalLogged) return;
      this.keyframeRefusalLogged = true;
      this.options.log.info('the camera did not take a keyframe request; streams start at its next keyframe', { stream: this.options.label, err });
    });
  }

  /** For tests and drills: kill ffmpeg as a crash would. */
  crashForTest(): void {
    this.child?.kill('SIGKILL');
  }

  private scheduleRestart(reason: string, authFailure: boolean): void {
    const wasLive = this.status.state === 'live' && Date.now() - this.liveSince > 10_000;
    if (wasLive) this.attempt = 0;
    const { backoffMs } = this.options;
    const delay = authFailure ? this.options.authRetryMs : backoffMs[Math.min(this.attempt, backoffMs.length - 1)]!;
    this.attempt++;
    const offline = authFailure || this.attempt > backoffMs.length;
    this.set({ state: offline ? 'offline' : 'reconnecting', reason, restarts: this.status.restarts + 1 });
    this.window.release();
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.start();
    }, delay);
  }

  private armStallTimer(): void {
    this.clearStallTimer();
    this.stallTimer = setTimeout(() => {
      this.options.log.warn('camera stalled; restarting ffmpeg', { stream: this.options.label });
      this.child?.kill('SIGKILL');
    }, this.options.stallMs);
  }

  private clearStallTimer(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = null;
  }

  private set(patch: Partial<StreamStatus>): void {
    const next = { ...this.status, ...patch };
    if (next.state === this.status.state && next.reason === this.status.reason) {
      this.status = next;
      return;
    }
    this.status = next;
    this.changes.fire(next);
  }
}
