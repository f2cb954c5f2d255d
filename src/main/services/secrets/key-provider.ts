/** Length of the station's master key (AES-256, HKDF input). */
export const MASTER_KEY_BYTES = 32;

/**
 * Where the station's master key lives. The headless host keeps it in a 0600 file
 * (FileKeyProvider); the Electron shell wraps it with the OS keychain (safeStorage).
 */
export interface KeyProvider {
  /** Resolves to exactly MASTER_KEY_BYTES bytes, creating the key on first use. */
  loadOrCreateKey(): Promise<Buffer>;
}
