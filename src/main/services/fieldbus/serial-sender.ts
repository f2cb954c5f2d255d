/** What a ZeroMQ socket offers for sending: one multipart message at a time. */
export interface FrameSink {
  send(frames: (string | Uint8Array)[]): Promise<void>;
}

/**
 * zeromq.js allows one send in flight per socket. This queue feeds a socket one message at a
 * time, holds at most `maxQueued` (beyond that the message is refused and counted: memory stays
 * bounded), and reports send failures instead of losing them quietly.
 */
export class SerialSender {
  private queue: (string | Uint8Array)[][] = [];
  private head = 0;
  private pumping: Promise<void> | null = null;
  private closed = false;
  refused = 0;
  failed = 0;
  sent = 0;

  constructor(
    private readonly socket: FrameSink,
    private readonly maxQueued: number,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  get queued(): number {
    return this.queue.length - this.head;
  }

  /** False when the queue is full or closed: the caller counts the message as dropped. */
  send(frames: (string | Uint8Array)[]): boolean {
    if (this.closed || this.queued >= this.maxQueued) {
      this.refused++;
      return false;
    }
    this.queue.push(frames);
    this.pumping ??= this.pump();
    return true;
  }

  /** Resolves when everything queued so far has been handed to the socket. */
  async drain(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  close(): void {
    this.closed = true;
  }

  private async pump(): Promise<void> {
    try {
      while (this.head < this.queue.length) {
        const frames = this.queue[this.head]!;
        this.queue[this.head++] = EMPTY;
        try {
          await this.socket.send(frames);
          this.sent++;
        } catch (err) {
          this.failed++;
          this.onError(err);
        }
        if (this.head > 1024 && this.head * 2 > this.queue.length) {
          this.queue = this.queue.slice(this.head);
          this.head = 0;
        }
      }
      this.queue = [];
      this.head = 0;
    } finally {
      this.pumping = null;
    }
  }
}

const EMPTY: (string | Uint8Array)[] = [];
