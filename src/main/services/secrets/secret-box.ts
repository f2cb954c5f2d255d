import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { MASTER_KEY_BYTES, type KeyProvider } from './key-provider';

const TOKEN_VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HKDF_SALT = Buffer.from('ioc-console/hkdf/v1');
const PURPOSE = /^[a-z0-9][a-z0-9.:_-]{0,63}$/;

export class SecretBoxError extends Error {
  constructor(
    readonly code: 'MALFORMED' | 'UNSUPPORTED_VERSION' | 'TAMPERED',
    message: string,
  ) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/**
 * Encrypts small secrets (camera passwords, tokens) for storage, and hands out
 * purpose-bound keys. Every use gets its own HKDF-derived key, so the audit chain and
 * credential encryption never share one even though a single master key is stored.
 *
 * Token: `v1.<iv>.<ciphertext>.<tag>`, each part base64url; AES-256-GCM with a random
 * 96-bit IV. An optional context (say, the camera id) is bound as associated data, so a
 * token copied onto another record does not decrypt there.
 */
export class SecretBox {
  private readonly encryptionKey: Buffer;

  constructor(private readonly masterKey: Buffer) {
    if (masterKey.length !== MASTER_KEY_BYTES) throw new RangeError(`SecretBox needs a ${MASTER_KEY_BYTES}-byte master key, got ${masterKey.length}`);
    this.encryptionKey = hkdf(masterKey, 'secret-box:aes-256-gcm');
  }

  static async fromProvider(provider: KeyProvider): Promise<SecretBox> {
    return new SecretBox(await provider.loadOrCreateKey());
  }

  /** A 32-byte key for one purpose ("audit-chain", …); the same purpose always yields the same key. */
  deriveKey(purpose: string): Buffer {
    if (!PURPOSE.test(purpose)) throw new RangeError(`key purpose "${purpose}" must be 1–64 of a–z, 0–9, ".", ":", "_", "-"`);
    return hkdf(this.masterKey, `derived:${purpose}`);
  }

  encrypt(plain: string, context = ''): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(context));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [TOKEN_VERSION, iv, body, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  decrypt(token: string, context = ''): string {
    const parts = typeof token === 'string' ? token.split('.') : [];
    if (parts.length !== 4) throw new SecretBoxError('MALFORMED', 'not a secret token (expected v1.<iv>.<data>.<tag>)');
    const [version, ivText, bodyText, tagText] = parts as [string, string, string, string];
    if (version !== TOKEN_VERSION) throw new SecretBoxError('UNSUPPORTED_VERSION', `secret token version "${version.slice(0, 8)}" is not supported`);
    const iv = fromBase64Url(ivText);
    const tag = fromBase64Url(tagText);
    const body = fromBase64Url(bodyText);
    if (!iv || iv.length !== IV_BYTES || !tag || tag.length !== TAG_BYTES || !body) {
      throw new SecretBoxError('MALFORMED', 'secret token is damaged (bad IV, tag or data encoding)');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(context));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('TAMPERED', 'secret token failed authentication: it was altered, belongs to another record, or was made with another key');
    }
  }
}

function hkdf(masterKey: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, HKDF_SALT, Buffer.from(info, 'utf8'), 32));
}

const aad = (context: string) => Buffer.from(`ioc-secret:${context}`, 'utf8');

function fromBase64Url(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  return Buffer.from(text, 'base64url');
}
