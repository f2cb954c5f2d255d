import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileKeyProvider } from '../services/secrets/file-key-provider';
import { SafeStorageKeyProvider, SealedKeyError, type SafeStorageLike } from './safe-storage-key-provider';

/**
 * A stand-in for the OS keychain: a reversible transform with a per-keyring secret, so a blob
 * sealed by one keyring does not open under another. (The real safeStorage needs Electron.)
 */
class FakeKeychain implements SafeStorageLike {
  available = true;
  backend: ReturnType<NonNullable<SafeStorageLike['getSelectedStorageBackend']>> = 'gnome_libsecret';
  constructor(private readonly secret = 0x5a) {}
  isEncryptionAvailable() {
    return this.available;
  }
  getSelectedStorageBackend() {
    return this.backend;
  }
  encryptString(plain: string) {
    return Buffer.concat([Buffer.from('v10'), Buffer.from([this.secret]), Buffer.from(plain, 'utf8').map((b) => b ^ this.secret)]);
  }
  decryptString(sealed: Buffer) {
    if (sealed.subarray(0, 3).toString() !== 'v10' || sealed[3] !== this.secret) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(sealed.subarray(4).map((b) => b ^ this.secret)).toString('utf8');
  }
}

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function makeProvider(opts: { keychain?: FakeKeychain; dir?: string; platform?: NodeJS.Platform } = {}) {
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), 'ioc-safe-key-')));
  if (!opts.dir) dirs.push(dir);
  const keychain = opts.keychain ?? new FakeKeychain();
  const fallback = new FileKeyProvider({ dir });
  const logs: string[] = [];
  const provider = new SafeStorageKeyProvider({
    dataDir: dir,
    safeStorage: keychain,
    fallback,
    fallbackKeyPath: fallback.path,
    log: { info: (m) => logs.push(`info ${m}`), warn: (m, meta) => logs.push(`warn ${m} ${JSON.stringify(meta)}`) },
    platform: opts.platform ?? 'linux',
  });
  return { provider, dir, keychain, logs, fallback };
}

describe('SafeStorageKeyProvider', () => {
  it('creates a 32-byte key sealed by the keychain, owner-only, and opens it again after a restart', async () => {
    const { provider, dir } = await makeProvider();
    const key = await provider.loadOrCreateKey();
    expect(key).toHaveLength(32);
    expect(await readdir(dir)).toEqual(['master.key.enc']);
    const sealed = await readFile(join(dir, 'master.key.enc'));
    expect(sealed.includes(key)).toBe(false);
    expect(sealed.toString('latin1')).not.toContain(key.toString('base64'));
    if (process.platform !== 'win32') expect((await stat(join(dir, 'master.key.enc'))).mode & 0o777).toBe(0o600);

    const again = await (await makeProvider({ dir })).provider.loadOrCreateKey();
    expect(again.equals(key)).toBe(true);
  });

  it('falls back to the owner-only key file when the keychain is unavailable, and says why', async () => {
    const keychain = new FakeKeychain();
    keychain.available = false;
    const { provider, dir, logs, fallback } = await makeProvider({ keychain });
    const key = await provider.loadOrCreateKey();
    expect(await readdir(dir)).toEqual(['master.key']);
    expect((await fallback.loadOrCreateKey()).equals(key)).toBe(true);
    expect(logs.join('\n')).toMatch(/warn master key: OS keychain unavailable.*no OS encryption/);
  });

  it('does not trust the basic_text backend on Linux', async () => {
    const keychain = new FakeKeychain();
    keychain.backend = 'basic_text';
    const { provider, dir, logs } = await makeProvider({ keychain });
    await provider.loadOrCreateKey();
    expect(await readdir(dir)).toEqual(['master.key']);
    expect(logs.join('\n')).toContain('basic_text');
  });

  it('ignores the Linux backend question on other platforms', async () => {
    const keychain = new FakeKeychain();
    keychain.backend = 'unknown';
    const { provider, dir } = await makeProvider({ keychain, platform: 'win32' });
    await provider.loadOrCreateKey();
    expect(await readdir(dir)).toEqual(['master.key.enc']);
  });

  it('keeps using an existing key file even once a keychain appears (no silent re-keying)', async () => {
    const keychain = new FakeKeychain();
    keychain.available = false;
    const first = await makeProvider({ keychain });
    const key = await first.provider.loadOrCreateKey();
    keychain.available = true;
    const second = await makeProvider({ keychain, dir: first.dir });
    expect((await second.provider.loadOrCreateKey()).equals(key)).toBe(true);
    expect(await readdir(first.dir)).toEqual(['master.key']);
  });

  it('refuses, changing nothing, when a sealed key exists but the keychain is gone', async () => {
    const keychain = new FakeKeychain();
    const { provider, dir } = await makeProvider({ keychain });
    await provider.loadOrCreateKey();
    const before = await readFile(join(dir, 'master.key.enc'));
    keychain.available = false;
    const err = await (await makeProvider({ keychain, dir })).provider.loadOrCreateKey().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SealedKeyError);
    expect((err as Error).message).toMatch(/sealed by the OS keychain, which cannot be used now.*nothing was changed/);
    expect(await readdir(dir)).toEqual(['master.key.enc']);
    expect((await readFile(join(dir, 'master.key.enc'))).equals(before)).toBe(true);
  });

  it('explains a key sealed by another keyring instead of minting a new one', async () => {
    const { provider, dir } = await makeProvider({ keychain: new FakeKeychain(0x11) });
    await provider.loadOrCreateKey();
    const other = await makeProvider({ keychain: new FakeKeychain(0x22), dir });
    await expect(other.provider.loadOrCreateKey()).rejects.toThrow(/could not be unsealed.*another user or keyring/);
    expect(await readdir(dir)).toEqual(['master.key.enc']);
  });

  it('refuses a sealed key of the wrong length', async () => {
    const keychain = new FakeKeychain();
    const { provider, dir } = await makeProvider({ keychain });
    await writeFile(join(dir, 'master.key.enc'), keychain.encryptString(Buffer.alloc(16).toString('base64')), { mode: 0o600 });
    await expect(provider.loadOrCreateKey()).rejects.toThrow(/16 bytes, expected 32/);
  });

  it('gives concurrent callers one and the same key', async () => {
    const { dir } = await makeProvider();
    const providers = await Promise.all([1, 2, 3].map(() => makeProvider({ dir })));
    const keys = await Promise.all(providers.flatMap(({ provider }) => [provider.loadOrCreateKey(), provider.loadOrCreateKey()]));
    for (const key of keys) expect(key.equals(keys[0]!)).toBe(true);
    expect(await readdir(dir)).toEqual(['master.key.enc']);
  });

  it('hands out copies, so a caller wiping its buffer does not wipe the cached key', async () => {
    const { provider } = await makeProvider();
    const a = await provider.loadOrCreateKey();
    const copy = Buffer.from(a);
    a.fill(0);
    expect((await provider.loadOrCreateKey()).equals(copy)).toBe(true);
  });
});
