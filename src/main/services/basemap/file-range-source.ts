import { open, type FileHandle } from 'node:fs/promises';
import type { RangeResponse, Source } from 'pmtiles';

/**
 * A PMTiles Source that reads byte ranges of a local file, so a multi-gigabyte archive costs
 * only the directories and tiles actually looked at. Ranges past the end come back short,
 * as an HTTP server would answer them.
 */
export class FileRangeSource implements Source {
  private readonly pending = new Set<Promise<unknown>>();
  private closed = false;

  private constructor(
    private readonly handle: FileHandle,
    private readonly path: string,
    readonly size: number,
  ) {}

  static async open(path: string): Promise<FileRangeSource> {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      return new FileRangeSource(handle, path, size);
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  getKey(): string {
    return this.path;
  }

  getBytes(offset: number, length: number): Promise<RangeResponse> {
    if (this.closed) return Promise.reject(new Error(`${this.path} is closed`));
    const read = this.read(offset, length);
    this.pending.add(read);
    void read.finally(() => this.pending.delete(read)).catch(() => {});
    return read;
  }

  private async read(offset: number, length: number): Promise<RangeResponse> {
    const start = Math.max(0, Math.min(offset, this.size));
    const count = Math.max(0, Math.min(length, this.size - start));
    const data = new Uint8Array(count);
    let done = 0;
    // read() may return fewer bytes than asked; loop until the range is filled or the file ends.
    while (done < count) {
      const { bytesRead } = await this.handle.read(data, done, count - done, start + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return { data: data.buffer.slice(0, done) };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.pending]);
    await this.handle.close();
  }
}
