import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT, PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  it('hashes with scrypt N=2^15, r=8, p=1, a 16-byte salt and a 32-byte key by default', async () => {
    const hasher = new PasswordHasher();
    expect(hasher.params).toEqual(DEFAULT_SCRYPT);
    const hash = await hasher.hash('correct horse battery');
    const [scheme, params, salt, key] = hash.split('$');
    expect(scheme).toBe('scrypt');
    expect(params).toBe('N=32768,r=8,p=1');
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64')).toHaveLength(32);
    expect(await hasher.verify('correct horse battery', hash)).toBe(true);
    expect(await hasher.verify('correct horse batterY', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    const hasher = new PasswordHasher({ N: 1024 });
    expect(await hasher.hash('same password')).not.toBe(await hasher.hash('same password'));
  });

  it('treats composed and decomposed Vietnamese as the same password', async () => {
    const hasher = new PasswordHasher({ N: 1024 });
    const composed = 'Mật khẩu Đông Hà'.normalize('NFC');
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(await hasher.verify(decomposed, await hasher.hash(composed))).toBe(true);
  });

  it('verifies hashes made with other settings and flags the weaker ones for upgrade', async () => {
    const cheap = await new PasswordHasher({ N: 1024 }).hash('an old password');
    const strong = new PasswordHasher({ N: 4096 });
    expect(await strong.verify('an old password', cheap)).toBe(true);
    expect(strong.needsRehash(cheap)).toBe(true);
    expect(strong.needsRehash(await strong.hash('x'.repeat(12)))).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['another scheme', '$2b$10$abcdefghijklmnopqrstuu'],
    ['N not a power of two', 'scrypt$N=1000,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='],
    ['a hostile memory cost', 'scrypt$N=1073741824,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='],
    ['a short salt', 'scrypt$N=1024,r=8,p=1$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='],
  ])('rejects a stored hash that is %s without throwing', async (_what, stored) => {
    const hasher = new PasswordHasher({ N: 1024 });
    expect(await hasher.verify('whatever password', stored)).toBe(false);
    expect(hasher.needsRehash(stored)).toBe(true);
  });

  it('refuses unusable settings up front', () => {
    expect(() => new PasswordHasher({ N: 1000 })).toThrow(/power of two/);
    expect(() => new PasswordHasher({ N: 2 ** 20, r: 8 })).toThrow(/256 MiB/);
    expect(() => new PasswordHasher({ saltLength: 8 })).toThrow(/salt/);
  });
});
