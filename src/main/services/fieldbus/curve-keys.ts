import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { curveKeyPair } from 'zeromq';
import { formatCertificate, KeyFileError, parseCertificate, type CurveCertificate } from '../../../shared/domain/field-keys';

export interface KeyPair {
  publicKey: string;
  secretKey: string;
}

/**
 * Key files on disk, in zcert layout: `<name>.key` (public, shareable) beside
 * `<name>.key_secret` (both keys, mode 0600). Trust is a folder of public certificates.
 */
export function readSecretCertificate(path: string): KeyPair {
  if (!existsSync(path)) throw new KeyFileError(`${path}: no such key file`);
  const cert = parseCertificate(readFileSync(path, 'utf8'), path);
  if (!cert.secretKey) throw new KeyFileError(`${path}: holds no secret-key (is it the public .key file?)`);
  return { publicKey: cert.publicKey, secretKey: cert.secretKey };
}

export function readPublicCertificate(path: string): CurveCertificate {
  return parseCertificate(readFileSync(path, 'utf8'), path);
}

/** Reads `<dir>/<name>.key_secret`, creating the pair (and its public half) the first time. */
export function ensureCertificate(dir: string, name: string): KeyPair {
  const secretPath = join(dir, `${name}.key_secret`);
  if (existsSync(secretPath)) return readSecretCertificate(secretPath);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pair = curveKeyPair();
  writeFileSync(secretPath, formatCertificate({ ...pair, name }, true), { mode: 0o600 });
  chmodSync(secretPath, 0o600);
  writeFileSync(join(dir, `${name}.key`), formatCertificate({ publicKey: pair.publicKey, name }, false), { mode: 0o644 });
  return pair;
}

export function writePublicCertificate(path: string, cert: CurveCertificate): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, formatCertificate({ publicKey: cert.publicKey, ...(cert.name ? { name: cert.name } : {}) }, false), { mode: 0o644 });
}

/** Every public key in a trust folder (`*.key`); unreadable files are reported, not silently skipped. */
export function readTrustedKeys(dir: string, onBadFile: (path: string, err: unknown) => void = () => {}): Set<string> {
  const keys = new Set<string>();
  if (!existsSync(dir)) return keys;
  for (const entry of readdirSync(dir)) {
    if (!entry.endsWith('.key')) continue;
    try {
      keys.add(readPublicCertificate(join(dir, entry)).publicKey);
    } catch (err) {
      onBadFile(join(dir, entry), err);
    }
  }
  return keys;
}
