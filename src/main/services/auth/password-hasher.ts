import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
  keyLength: number;
  saltLength: number;
}

/** ~32 MiB and tens of milliseconds per guess: slow for an attacker, unnoticed at a login. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1, keyLength: 32, saltLength: 16 };

const FORMAT = /^scrypt\$N=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

/**
 * Password hashes as self-describing strings, `scrypt$N=32768,r=8,p=1$<salt>$<key>`, so the
 * cost can be raised later: old hashes still verify and are upgraded at the next login.
 */
export class PasswordHasher {
  readonly params: ScryptParams;

  constructor(params: Partial<ScryptParams> = {}) {
    this.params = { ...DEFAULT_SCRYPT, ...params };
    checkParams(this.params);
  }

  async hash(password: string): Promise<string> {
    const { N, r, p, keyLength, saltLength } = this.params;
    const salt = randomBytes(saltLength);
    const key = await derive(password, salt, keyLength, { N, r, p });
    return `scrypt$N=${N},r=${r},p=${p}$${salt.toString('base64')}$${key.toString('base64')}`;
  }

  /** False for a wrong password and for a stored hash this build cannot read. */
  async verify(password: string, stored: string): Promise<boolean> {
    const parsed = parse(stored);
    if (!parsed) return false;
    const actual = await derive(password, parsed.salt, parsed.key.length, parsed.cost);
    return timingSafeEqual(actual, parsed.key);
  }

  /** A hash made with weaker settings than this build's, to be replaced after a good login. */
  needsRehash(stored: string): boolean {
    const parsed = parse(stored);
    if (!parsed) return true;
    const { N, r, p } = parsed.cost;
    return N < this.params.N || r < this.params.r || p < this.params.p || parsed.key.length < this.params.keyLength;
  }
}

function parse(stored: string): { cost: { N: number; r: number; p: number }; salt: Buffer; key: Buffer } | undefined {
  const m = FORMAT.exec(stored);
  if (!m) return undefined;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const salt = Buffer.from(m[4]!, 'base64');
  const key = Buffer.from(m[5]!, 'base64');
  try {
    checkParams({ N, r, p, keyLength: key.length, saltLength: salt.length });
  } catch {
    return undefined;
  }
  return { cost: { N, r, p }, salt, key };
}

function checkParams({ N, r, p, keyLength, saltLength }: ScryptParams): void {
  // Bounds keep a hostile stored hash from asking for gigabytes of memory.
  if (!Number.isInteger(N) || N < 2 || N > 2 ** 20 || (N & (N - 1)) !== 0) throw new RangeError(`scrypt N must be a power of two up to 2^20, got ${N}`);
  if (!Number.isInteger(r) || r < 1 || r > 32) throw new RangeError(`scrypt r must be 1–32, got ${r}`);
  if (!Number.isInteger(p) || p < 1 || p > 16) throw new RangeError(`scrypt p must be 1–16, got ${p}`);
  if (128 * N * r > 256 * 1024 * 1024) throw new RangeError(`scrypt N=${N}, r=${r} would need over 256 MiB per hash`);
  if (!Number.isInteger(keyLength) || keyLength < 16 || keyLength > 64) throw new RangeError(`scrypt key length must be 16–64 bytes, got ${keyLength}`);
  if (!Number.isInteger(saltLength) || saltLength < 16 || saltLength > 64) throw new RangeError(`scrypt salt must be 16–64 bytes, got ${saltLength}`);
}

function derive(password: string, salt: Buffer, keyLength: number, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  // Same characters typed through different Vietnamese input methods must give one password.
  const normalised = password.normalize('NFC');
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r * cost.p + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(normalised, salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}
