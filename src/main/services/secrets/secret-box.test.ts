import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox, SecretBoxError } from './secret-box';

const box = () => new SecretBox(Buffer.alloc(32, 0x42));

function boxError(fn: () => unknown): SecretBoxError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SecretBoxError);
    return err as SecretBoxError;
  }
  throw new Error('expected a SecretBoxError');
}

/** Flips one bit of the decoded bytes of token part `index`. */
function flip(token: string, index: number): string {
  const parts = token.split('.');
  const bytes = Buffer.from(parts[index]!, 'base64url');
  bytes[0] = bytes[0]! ^ 1;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('SecretBox', () => {
  it.each(['', 'admin123', 'mật khẩu camera Đông Hà 🔒', 'x'.repeat(10_000)])('round-trips %#', (plain) => {
    const b = box();
    const token = b.encrypt(plain);
    expect(token).toMatch(/^v1\.[\w-]+\.[\w-]*\.[\w-]+$/);
    expect(b.decrypt(token)).toBe(plain);
  });

  it('uses a fresh IV every time', () => {
    const b = box();
    const tokens = new Set(Array.from({ length: 20 }, () => b.encrypt('same')));
    expect(tokens.size).toBe(20);
  });

  it.each([
    ['IV', 1],
    ['ciphertext', 2],
    ['tag', 3],
  ])('detects a tampered %s', (_part, index) => {
    const token = box().encrypt('rtsp-password');
    expect(boxError(() => box().decrypt(flip(token, index))).code).toBe('TAMPERED');
  });

  it('refuses tokens made with another key or for another record', () => {
    const token = box().encrypt('secret', 'camera:cam-01');
    expect(box().decrypt(token, 'camera:cam-01')).toBe('secret');
    expect(boxError(() => box().decrypt(token, 'camera:cam-02')).code).toBe('TAMPERED');
    expect(boxError(() => new SecretBox(randomBytes(32)).decrypt(token, 'camera:cam-01')).message).toMatch(/failed authentication/);
  });

  it('names malformed and future tokens', () => {
    expect(boxError(() => box().decrypt('hello')).code).toBe('MALFORMED');
    expect(boxError(() => box().decrypt('v1.a.b')).code).toBe('MALFORMED');
    expect(boxError(() => box().decrypt('v1.!!.b.c')).code).toBe('MALFORMED');
    expect(boxError(() => box().decrypt(box().encrypt('x').replace(/^v1/, 'v9'))).code).toBe('UNSUPPORTED_VERSION');
    expect(boxError(() => box().decrypt(42 as unknown as string)).code).toBe('MALFORMED');
  });

  it('derives stable, distinct keys per purpose', () => {
    const audit = box().deriveKey('audit-chain');
    expect(audit).toHaveLength(32);
    expect(box().deriveKey('audit-chain').equals(audit)).toBe(true);
    expect(box().deriveKey('credentials').equals(audit)).toBe(false);
    expect(audit.equals(Buffer.alloc(32, 0x42))).toBe(false);
    expect(new SecretBox(randomBytes(32)).deriveKey('audit-chain').equals(audit)).toBe(false);
    expect(() => box().deriveKey('')).toThrow(RangeError);
    expect(() => box().deriveKey('Audit Chain')).toThrow(RangeError);
  });

  it('refuses a master key of the wrong size', () => {
    expect(() => new SecretBox(Buffer.alloc(16))).toThrow(/32-byte master key/);
  });
});
