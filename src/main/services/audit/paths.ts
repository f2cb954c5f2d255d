/** Where the audit trail's pieces live in the data folder, and the key purpose that signs it. */
export const AUDIT_HEAD_FILE = 'audit.head';
export const AUDIT_CHAIN_KEY_PURPOSE = 'audit-chain';
