import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import { MASTER_KEY_BYTES, type KeyProvider } from '../services/secrets/key-provider';
import { createFileExclusive } from '../services/secrets/create-exclusive';

export const SEALED_KEY_FILE = 'master.key.enc';

/** Electron's safeStorage, as far as this provider uses it (injected: tests pass a fake). */
export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> &
  Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

export interface SafeStorageKeyProviderOptions {
  dataDir: string;
  safeStorage: SafeStorageLike;
  /** Used when the OS keychain cannot protect the key: the 0600 file provider. */
  fallback: KeyProvider;
  /** Where the fallback keeps its key; if that file exists, the station already uses it. */
  fallbackKeyPath: string;
  log: { info(message: string, meta?: Record<string, unknown>): void; warn(message: string, meta?: Record<string, unknown>): void };
  platform?: NodeJS.Platform;
}

export class SealedKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedKeyError';
  }
}

/**
 * The station's master key, sealed by the OS keychain (DPAPI, Keychain, libsecret/kwallet)
 * through Electron's safeStorage and kept in `<dataDir>/master.key.enc`.
 *
 * A key is never silently replaced: a sealed key that cannot be opened now is an error (a new
 * key would orphan every secret and break the audit chain), and a station that already keeps
 * its key in the fallback file goes on using it.
 */
export class SafeStorageKeyProvider implements KeyProvider {
  readonly sealedPath: string;
  private key: Promise<Buffer> | undefined;

  constructor(private readonly options: SafeStorageKeyProviderOptions) {
    this.sealedPath = join(options.dataDir, SEALED_KEY_FILE);
  }

  loadOrCreateKey(): Promise<Buffer> {
    this.key ??= this.resolve().catch((err: unknown) => {
      this.key = undefined;
      throw err;
    });
    return this.key.then((k) => Buffer.from(k));
  }

  /** Why the keychain cannot protect the key on this machine, or undefined when it can. */
  keychainUnavailableReason(): string | undefined {
    const { safeStorage, platform = process.platform } = this.options;
    if (!safeStorage.isEncryptionAvailable()) return 'safeStorage reports that no OS encryption is available';
    if (platform === 'linux') {
      const backend = safeStorage.getSelectedStorageBackend?.();
      // basic_text "encrypts" with a password hard-coded into Chromium: no better than a 0600 file.
      if (backend === 'basic_text') return 'only the basic_text backend is available (no secret service or kwallet running)';
      if (backend === 'unknown') return 'no keyring backend was selected';
    }
    return undefined;
  }

  private async resolve(): Promise<Buffer> {
    const sealed = await readIfExists(this.sealedPath);
    if (sealed) return this.unseal(sealed);

    if (await exists(this.options.fallbackKeyPath)) {
      this.options.log.info('master key: using the existing key file', { path: this.options.fallbackKeyPath });
      return this.options.fallback.loadOrCreateKey();
    }
    const reason = this.keychainUnavailableReason();
    if (reason) {
      this.options.log.warn('master key: OS keychain unavailable, keeping the key in an owner-only file instead', { reason });
      return this.options.fallback.loadOrCreateKey();
    }
    return this.createSealed();
  }

  private unseal(sealed: Buffer): Buffer {
    const reason = this.keychainUnavailableReason();
    if (reason) {
      throw new SealedKeyError(
        `the master key in ${this.sealedPath} is sealed by the OS keychain, which cannot be used now (${reason}). ` +
          'Log in to the desktop session that created it (or unlock its keyring) and start again; nothing was changed.',
      );
    }
    let key: Buffer;
    try {
      key = Buffer.from(this.options.safeStorage.decryptString(sealed), 'base64');
    } catch (err) {
      throw new SealedKeyError(
        `the master key in ${this.sealedPath} could not be unsealed (${err instanceof Error ? err.message : String(err)}): ` +
          'it was sealed by another user or keyring, or the file is damaged; restore it from backup.',
      );
    }
    if (key.length !== MASTER_KEY_BYTES) {
      throw new SealedKeyError(`the master key in ${this.sealedPath} unsealed to ${key.length} bytes, expected ${MASTER_KEY_BYTES}: the file is damaged`);
    }
    return key;
  }

  /** The sealed key appears whole or not at all; when two instances race, one key wins. */
  private async createSealed(): Promise<Buffer> {
    const key = randomBytes(MASTER_KEY_BYTES);
    const sealed = this.options.safeStorage.encryptString(key.toString('base64'));
    await fs.mkdir(this.options.dataDir, { recursive: true, mode: 0o700 });
    if (!(await createFileExclusive(this.sealedPath, sealed))) return this.unseal((await readIfExists(this.sealedPath))!);
    this.options.log.info('master key: created and sealed with the OS keychain', { path: this.sealedPath });
    return key;
  }

}

async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await fs.lstat(path);
    return true;
  } catch {
    return false;
  }
}
