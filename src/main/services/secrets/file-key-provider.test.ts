import { chmodSync, existsSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/test-support';
import { FileKeyProvider, KeyFileError } from './file-key-provider';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir('ioc-keys-');
});
afterEach(() => tmp.cleanup());

const keyError = async (p: Promise<unknown>) => {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(KeyFileError);
  return err as KeyFileError;
};

describe('FileKeyProvider', () => {
  it('creates a 32-byte owner-only key once and returns the same key afterwards', async () => {
    const dir = join(tmp.dir, 'data');
    const key = await new FileKeyProvider({ dir }).loadOrCreateKey();
    expect(key).toHaveLength(32);
    const path = join(dir, 'master.key');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o077).toBe(0);
    expect(readFileSync(path).equals(key)).toBe(true);
    const again = await new FileKeyProvider({ dir }).loadOrCreateKey();
    expect(again.equals(key)).toBe(true);
    expect(readdirSync(dir)).toEqual(['master.key']); // no temporary files left behind
  });

  it('gives every concurrent caller the one key that won', async () => {
    const keys = await Promise.all(Array.from({ length: 8 }, () => new FileKeyProvider({ dir: tmp.dir }).loadOrCreateKey()));
    for (const key of keys) expect(key.equals(keys[0]!)).toBe(true);
    expect(readdirSync(tmp.dir)).toEqual(['master.key']);
  });

  it.each([0o644, 0o640, 0o604])('refuses a key file with mode %o', async (mode) => {
    const provider = new FileKeyProvider({ dir: tmp.dir });
    await provider.loadOrCreateKey();
    chmodSync(provider.path, mode);
    const err = await keyError(provider.loadOrCreateKey());
    expect(err.code).toBe('EXPOSED');
    expect(err.message).toMatch(/readable by group or others.*chmod 600/);
  });

  it.each([0, 31, 33, 64])('refuses a key file of %i bytes instead of replacing it', async (size) => {
    const path = join(tmp.dir, 'master.key');
    writeFileSync(path, Buffer.alloc(size, 7), { mode: 0o600 });
    const err = await keyError(new FileKeyProvider({ dir: tmp.dir }).loadOrCreateKey());
    expect(err.code).toBe('WRONG_LENGTH');
    expect(err.message).toContain(`has ${size} bytes, expected 32`);
    expect(readFileSync(path)).toHaveLength(size); // left for the operator to restore
  });

  it('refuses a symbolic link in place of the key', async () => {
    const real = join(tmp.dir, 'elsewhere.key');
    writeFileSync(real, Buffer.alloc(32, 1), { mode: 0o600 });
    symlinkSync(real, join(tmp.dir, 'master.key'));
    expect((await keyError(new FileKeyProvider({ dir: tmp.dir }).loadOrCreateKey())).code).toBe('NOT_A_FILE');
  });

  it('never mints a key for a tool that only reads one', async () => {
    const provider = new FileKeyProvider({ dir: tmp.dir });
    expect((await keyError(provider.loadExistingKey())).code).toBe('MISSING');
    expect(existsSync(provider.path)).toBe(false);
  });
});
