import type { Fragment, InitSegment } from './fmp4-boxes';

export interface Part {
  index: number;
  duration: number;
  independent: boolean;
  data: Buffer;
}

export interface Segment {
  msn: number;
  parts: Part[];
  duration: number;
  complete: boolean;
  /** Wall-clock time the segment's first part arrived, for EXT-X-PROGRAM-DATE-TIME. */
  startedAt: number;
  /** A restart of the source starts a new discontinuity with its own init segment. */
  discontinuity: boolean;
  initId: number;
}

export interface LlHlsOptions {
  /** Seconds; the least PART-TARGET. The real one is the longest part seen, so every part fits it. */
  partTarget: number;
  /** Seconds; EXT-X-TARGETDURATION. Segments are cut at a keyframe, or here at the latest. */
  targetDuration: number;
  /** Complete segments kept and listed. */
  windowSegments: number;
  now?: () => number;
}

type Waiter = { msn: number; part: number; wake: () => void };

/**
 * The live window of one stream: parts grouped into segments, cut at keyframes. Readers can
 * wait for a part that does not exist yet (blocking playlist reload and preload hints).
 */
export class LlHlsWindow {
  readonly segments: Segment[] = [];
  private inits = new Map<number, Buffer>();
  private initId = 0;
  private nextMsn = 0;
  private pendingDiscontinuity = false;
  discontinuitySequence = 0;
  codec: string | null = null;
  private waiters = new Set<Waiter>();
  private readonly now: () => number;

  constructor(readonly options: LlHlsOptions) {
    this.now = options.now ?? Date.now;
  }

  private longestPart = 0;

  /**
   * PART-TARGET: ffmpeg cuts a fragment at the first frame past its duration setting, so parts
   * are a whole number of frames; the target is the longest part seen (constant for a camera
   * with a steady frame rate), which keeps every full part within 85–100 % of it.
   */
  get partTarget(): number {
    return Math.max(this.options.partTarget, Math.ceil(this.longestPart * 1000) / 1000);
  }

  /**
   * A player can start: at least one complete segment is listed. hls.js fails on a playlist
   * without one (levelEmptyError) and retries only seconds later. The stream asks the camera for
   * a second keyframe at its first part (HlsStream), so the first segment ends after a part or
   * two instead of a whole GOP; the player's live-edge keeper then makes up the head start.
   */
  get playable(): boolean {
    return this.segments.some((s) => s.complete);
  }

  /** Resolves true once the window is playable, false on timeout or abort. */
  waitPlayable(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return this.waitFor(this.segments[0]?.msn ?? this.nextMsn, null, timeoutMs, signal);
  }

  get currentInitId(): number {
    return this.initId;
  }

  init(id: number): Buffer | undefined {
    return this.inits.get(id);
  }

  pushInit(init: InitSegment): void {
    if (this.inits.size > 0) {
      this.closeOpenSegment();
      this.pendingDiscontinuity = true;
    }
    this.initId++;
    this.inits.set(this.initId, init.data);
    this.codec = init.codec;
    this.trimInits();
  }

  pushFragment(fragment: Fragment): void {
    let open = this.openSegment();
    const tooLong = open && open.duration + fragment.duration > this.options.targetDuration + 1e-6;
    if (open && open.parts.length > 0 && (fragment.independent || tooLong)) {
      open.complete = true;
      open = undefined;
    }
    if (!open) {
      open = {
        msn: this.nextMsn++,
        parts: [],
        duration: 0,
        complete: false,
        startedAt: this.now(),
        discontinuity: this.pendingDiscontinuity && this.segments.length > 0,
        initId: this.initId,
      };
      this.pendingDiscontinuity = false;
      this.segments.push(open);
      this.trim();
    }
    this.longestPart = Math.max(this.longestPart, fragment.duration);
    open.parts.push({ index: open.parts.length, duration: fragment.duration, independent: fragment.independent, data: fragment.data });
    open.duration += fragment.duration;
    this.wake();
  }

  /** The (msn, part) the preload hint points at: the next part to arrive. */
  nextPart(): { msn: number; part: number } {
    const open = this.openSegment();
    if (open) return { msn: open.msn, part: open.parts.length };
    return { msn: this.nextMsn, part: 0 };
  }

  has(msn: number, part: number | null): boolean {
    const segment = this.segments.find((s) => s.msn === msn);
    if (!segment) return msn < (this.segments[0]?.msn ?? 0);
    return part === null ? segment.complete : segment.parts.length > part || segment.complete;
  }

  find(msn: number): Segment | undefined {
    return this.segments.find((s) => s.msn === msn);
  }

  /** Resolves true once (msn, part) exists, false on timeout or abort. */
  waitFor(msn: number, part: number | null, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (this.has(msn, part)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (value: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        signal?.removeEventListener('abort', onAbort);
        resolve(value);
      };
      const onAbort = () => finish(false);
      const waiter: Waiter = { msn, part: part ?? Number.MAX_SAFE_INTEGER, wake: () => this.has(msn, part) && finish(true) };
      const timer = setTimeout(() => finish(false), timeoutMs);
      signal?.addEventListener('abort', onAbort);
      this.waiters.add(waiter);
    });
  }

  /** Wakes every waiter; used when the stream stops so nobody hangs. */
  release(): void {
    for (const w of [...this.waiters]) w.wake();
  }

  get waiting(): number {
    return this.waiters.size;
  }

  private openSegment(): Segment | undefined {
    const last = this.segments[this.segments.length - 1];
    return last && !last.complete ? last : undefined;
  }

  private closeOpenSegment(): void {
    const open = this.openSegment();
    if (open) {
      if (open.parts.length === 0) this.segments.pop();
      else open.complete = true;
    }
  }

  private trim(): void {
    const keep = this.options.windowSegments + 1;
    while (this.segments.length > keep) {
      const dropped = this.segments.shift()!;
      if (this.segments[0]?.discontinuity) this.discontinuitySequence++;
      void dropped;
    }
    this.trimInits();
  }

  private trimInits(): void {
    const used = new Set(this.segments.map((s) => s.initId));
    used.add(this.initId);
    for (const id of this.inits.keys()) if (!used.has(id)) this.inits.delete(id);
  }

  private wake(): void {
    for (const w of [...this.waiters]) w.wake();
  }
}
