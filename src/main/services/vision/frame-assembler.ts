/**
 * Cuts ffmpeg's rawvideo byte stream into whole frames. Pipe reads arrive in arbitrary chunk
 * sizes, so a frame may span many chunks and a chunk may end mid-frame. Each frame gets its
 * own ArrayBuffer so it can be transferred to a worker (moved, not copied) without touching
 * the bytes of its neighbours.
 */
export class FrameAssembler {
  readonly frameBytes: number;
  private current: Uint8Array;
  private filled = 0;
  private framesOut = 0;

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly onFrame: (pixels: ArrayBuffer, index: number) => void,
  ) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
      throw new RangeError(`frame size must be positive integers, got ${width}×${height}`);
    }
    this.frameBytes = width * height * 3;
    this.current = new Uint8Array(this.frameBytes);
  }

  get frames(): number {
    return this.framesOut;
  }

  /** Bytes of an incomplete frame still waiting for the rest. */
  get pending(): number {
    return this.filled;
  }

  push(chunk: Uint8Array): void {
    let offset = 0;
    // Bounded: each turn consumes at least one byte of the chunk.
    while (offset < chunk.length) {
      const take = Math.min(this.frameBytes - this.filled, chunk.length - offset);
      this.current.set(chunk.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === this.frameBytes) {
        const done = this.current;
        this.current = new Uint8Array(this.frameBytes);
        this.filled = 0;
        this.onFrame(done.buffer as ArrayBuffer, this.framesOut++);
      }
    }
  }
}
