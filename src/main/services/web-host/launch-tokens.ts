import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The headless host is opened with a one-time launch token in its URL. Using it sets an
 * HttpOnly, SameSite=Strict browser credential; the token itself is then spent, so a URL
 * left in a terminal's scroll-back or a browser history cannot open a second console.
 */
export class LaunchTokens {
  private readonly launch = new Map<string, number>();
  private readonly browsers = new Set<string>();

  constructor(
    private readonly ttlMs = 24 * 60 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  issueLaunchToken(): string {
    const token = randomBytes(24).toString('base64url');
    this.launch.set(token, this.now() + this.ttlMs);
    return token;
  }

  /** Spends a launch token; returns a new browser credential, or null if the token is unknown, spent or expired. */
  redeem(token: string): string | null {
    const expires = this.launch.get(token);
    if (expires === undefined) return null;
    this.launch.delete(token);
    if (expires < this.now()) return null;
    const credential = randomBytes(32).toString('base64url');
    this.browsers.add(credential);
    return credential;
  }

  isBrowserCredential(value: string | undefined): boolean {
    if (!value) return false;
    const candidate = Buffer.from(value);
    for (const known of this.browsers) {
      const k = Buffer.from(known);
      if (k.length === candidate.length && timingSafeEqual(k, candidate)) return true;
    }
    return false;
  }
}
