import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { textOf } from './soap';

export interface Credentials {
  username: string;
  password: string;
}

/** Lock-out like a real camera: after `maxFailures` bad logins in a window, refuse everyone for a while. */
export interface LockoutPolicy {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export const defaultLockout: LockoutPolicy = { maxFailures: 5, windowMs: 60_000, lockMs: 30_000 };

export type AuthVerdict = 'ok' | 'missing' | 'bad' | 'locked';

/**
 * ONVIF authentication of one device: WS-Security UsernameToken (PasswordDigest) in the SOAP
 * header, or HTTP digest (MD5, qop=auth). Counts failures and locks out as cameras do, so a
 * client's retry storm shows up in tests.
 */
export class DeviceAuth {
  readonly realm: string;
  private readonly nonces = new Set<string>();
  private failures: number[] = [];
  private lockedUntil = 0;
  failedAttempts = 0;

  constructor(
    private readonly credentials: Credentials,
    private readonly lockout: LockoutPolicy = defaultLockout,
    private readonly now: () => number = Date.now,
    realm = 'IOC simulator',
  ) {
    this.realm = realm;
  }

  get locked(): boolean {
    return this.now() < this.lockedUntil;
  }

  challenge(): string {
    const nonce = randomBytes(16).toString('hex');
    this.nonces.add(nonce);
    if (this.nonces.size > 1000) this.nonces.delete(this.nonces.values().next().value!);
    return `Digest realm="${this.realm}", qop="auth", nonce="${nonce}", algorithm=MD5`;
  }

  verify(xml: string, authorization: string | undefined, method: string): AuthVerdict {
    if (this.locked) return 'locked';
    const token = textOf(xml, 'Username');
    let verdict: AuthVerdict = 'missing';
    if (token !== undefined) verdict = this.verifyUsernameToken(xml) ? 'ok' : 'bad';
    else if (authorization?.startsWith('Digest ')) verdict = this.verifyDigest(authorization, method) ? 'ok' : 'bad';
    if (verdict === 'bad') this.recordFailure();
    return verdict;
  }

  private verifyUsernameToken(xml: string): boolean {
    const username = textOf(xml, 'Username');
    const password = textOf(xml, 'Password');
    const nonce = textOf(xml, 'Nonce');
    const created = textOf(xml, 'Created');
    if (username !== this.credentials.username || password === undefined) return false;
    if (nonce === undefined || created === undefined) return same(password, this.credentials.password);
    const digest = createHash('sha1')
      .update(Buffer.concat([Buffer.from(nonce, 'base64'), Buffer.from(created), Buffer.from(this.credentials.password)]))
      .digest('base64');
    return same(password, digest);
  }

  private verifyDigest(header: string, method: string): boolean {
    const fields = parseDigest(header.slice('Digest '.length));
    if (fields.username !== this.credentials.username || !fields.nonce || !this.nonces.has(fields.nonce)) return false;
    const md5 = (s: string) => createHash('md5').update(s).digest('hex');
    const ha1 = md5(`${this.credentials.username}:${this.realm}:${this.credentials.password}`);
    const ha2 = md5(`${method}:${fields.uri ?? ''}`);
    const expected = fields.qop ? md5(`${ha1}:${fields.nonce}:${fields.nc}:${fields.cnonce}:${fields.qop}:${ha2}`) : md5(`${ha1}:${fields.nonce}:${ha2}`);
    return same(fields.response ?? '', expected);
  }

  private recordFailure(): void {
    this.failedAttempts++;
    const t = this.now();
    this.failures = this.failures.filter((at) => t - at < this.lockout.windowMs);
    this.failures.push(t);
    if (this.failures.length >= this.lockout.maxFailures) {
      this.lockedUntil = t + this.lockout.lockMs;
      this.failures = [];
    }
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function parseDigest(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of value.matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)) out[m[1]!] = m[2] ?? m[3] ?? '';
  return out;
}
