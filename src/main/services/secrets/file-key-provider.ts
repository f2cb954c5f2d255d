import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { MASTER_KEY_BYTES, type KeyProvider } from './key-provider';
import { createFileExclusive } from './create-exclusive';

export const MASTER_KEY_FILE = 'master.key';

export class KeyFileError extends Error {
  constructor(
    readonly code: 'MISSING' | 'EXPOSED' | 'WRONG_LENGTH' | 'NOT_A_FILE',
    message: string,
  ) {
    super(message);
    this.name = 'KeyFileError';
  }
}

export interface FileKeyProviderOptions {
  /** The data folder; the key is `<dir>/master.key`. */
  dir: string;
}

/**
 * Keeps the master key as 32 raw bytes in `<dir>/master.key`, readable by its owner only.
 * A key file others can read is refused rather than used: everything the key protects
 * (camera passwords, the audit chain) would already be exposed.
 */
export class FileKeyProvider implements KeyProvider {
  readonly path: string;

  constructor(private readonly options: FileKeyProviderOptions) {
    this.path = join(options.dir, MASTER_KEY_FILE);
  }

  async loadOrCreateKey(): Promise<Buffer> {
    const existing = await this.read();
    if (existing) return existing;
    await fs.mkdir(this.options.dir, { recursive: true, mode: 0o700 });
    const created = await this.create();
    return created ?? (await this.loadExistingKey());
  }

  /** For tools (audit verification) that must never mint a new key. */
  async loadExistingKey(): Promise<Buffer> {
    const key = await this.read();
    if (!key) throw new KeyFileError('MISSING', `no master key at ${this.path}`);
    return key;
  }

  private async read(): Promise<Buffer | undefined> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return undefined;
      if (code === 'ELOOP') throw new KeyFileError('NOT_A_FILE', `master key ${this.path} is a symbolic link; refusing to follow it`);
      throw err;
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new KeyFileError('NOT_A_FILE', `master key ${this.path} is not a regular file`);
      if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
        const mode = (stat.mode & 0o777).toString(8).padStart(3, '0');
        throw new KeyFileError(
          'EXPOSED',
          `master key ${this.path} is readable by group or others (mode ${mode}); restrict it with "chmod 600 ${this.path}" and consider the key compromised if others had access`,
        );
      }
      if (stat.size !== MASTER_KEY_BYTES) {
        throw new KeyFileError(
          'WRONG_LENGTH',
          `master key ${this.path} has ${stat.size} bytes, expected ${MASTER_KEY_BYTES}: it is damaged or not a key file; restore it from backup`,
        );
      }
      const key = Buffer.alloc(MASTER_KEY_BYTES);
      const { bytesRead } = await handle.read(key, 0, MASTER_KEY_BYTES, 0);
      if (bytesRead !== MASTER_KEY_BYTES) throw new KeyFileError('WRONG_LENGTH', `master key ${this.path} could not be read whole`);
      return key;
    } finally {
      await handle.close();
    }
  }

  /** Resolves undefined when another process created the key first. */
  private async create(): Promise<Buffer | undefined> {
    const key = randomBytes(MASTER_KEY_BYTES);
    return (await createFileExclusive(this.path, key)) ? key : undefined;
  }

}
