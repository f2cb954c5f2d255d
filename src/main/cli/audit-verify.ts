/**
 * Verifies the audit trail of a console's data folder without the console running:
 *
 *   tsx src/main/cli/audit-verify.ts --data-dir DIR [--json]
 *
 * Exit status: 0 the chain holds; 1 it does not (the first bad seq and why are printed);
 * 2 usage error (bad flags, no such data folder or database); 3 the trail could not be
 * read (database in use by a running console, master key missing or unreadable).
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AuditVerification } from '../../shared/domain/audit';
import { AUDIT_CHAIN_KEY_PURPOSE, AUDIT_HEAD_FILE } from '../services/audit/paths';
import { verifyAuditTrail } from '../services/audit/verify-trail';
import { FileKeyProvider, KeyFileError } from '../services/secrets/file-key-provider';
import { SecretBox } from '../services/secrets/secret-box';
import { DATABASE_FILE } from '../services/store/paths';
import { StoreService } from '../services/store/store-service';
import { consoleMigrations } from '../console-migrations';

export const EXIT = { ok: 0, broken: 1, usage: 2, unreadable: 3 } as const;

const USAGE = `usage: audit-verify --data-dir DIR [--json]
  Checks every entry of the audit trail in DIR/${DATABASE_FILE} against its hash chain
  and the signed head anchor DIR/${AUDIT_HEAD_FILE}, using the key in DIR/master.key.
  exit 0: intact · 1: tampered · 2: usage error · 3: could not read the trail`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export async function runAuditVerify(argv: readonly string[], io: CliIo): Promise<number> {
  let values: { 'data-dir'?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { 'data-dir': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    io.err(`audit-verify: ${(err as Error).message}\n${USAGE}`);
    return EXIT.usage;
  }
  if (values.help) {
    io.out(USAGE);
    return EXIT.ok;
  }
  if (!values['data-dir']) {
    io.err(`audit-verify: --data-dir is required\n${USAGE}`);
    return EXIT.usage;
  }
  const dataDir = resolve(values['data-dir']);
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) {
    io.err(`audit-verify: no data folder at ${dataDir}`);
    return EXIT.usage;
  }
  const dbPath = join(dataDir, DATABASE_FILE);
  if (!existsSync(dbPath)) {
    io.err(`audit-verify: no console database at ${dbPath}`);
    return EXIT.usage;
  }

  let chainKey: Buffer;
  try {
    chainKey = new SecretBox(await new FileKeyProvider({ dir: dataDir }).loadExistingKey()).deriveKey(AUDIT_CHAIN_KEY_PURPOSE);
  } catch (err) {
    const why = err instanceof KeyFileError ? err.message : `cannot read the master key: ${(err as Error).message}`;
    io.err(`audit-verify: ${why}. (A console run under Electron keeps its key in the OS keychain; verify there with audit.verify.)`);
    return EXIT.unreadable;
  }

  let store: StoreService;
  try {
    // Read-only: verification must never be the thing that changes the evidence.
    store = await StoreService.open({ path: dbPath, migrations: [...consoleMigrations], readOnly: true });
  } catch (err) {
    const message = (err as Error).message;
    const inUse = /lock/i.test(message);
    io.err(
      inUse
        ? `audit-verify: ${dbPath} is in use by a running console; stop it first, or verify from the console (Cài đặt → Nhật ký)`
        : `audit-verify: cannot open ${dbPath}: ${message}`,
    );
    return EXIT.unreadable;
  }

  try {
    const headPath = join(dataDir, AUDIT_HEAD_FILE);
    const [table] = await store.all<{ n: number }>(
      "SELECT count(*) AS n FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'audit_log'",
    );
    const result: AuditVerification = table?.n
      ? await verifyAuditTrail({ db: store, chainKey, headPath })
      : existsSync(headPath)
        ? { ok: false, checked: 0, firstBadSeq: 1, reason: 'the audit table is gone but its head anchor remains' }
        : { ok: true, checked: 0 };
    io.out(values.json ? JSON.stringify(result) : describe(result, dbPath));
    return result.ok ? EXIT.ok : EXIT.broken;
  } catch (err) {
    io.err(`audit-verify: reading the trail failed: ${(err as Error).message}`);
    return EXIT.unreadable;
  } finally {
    await store.dispose();
  }
}

function describe(result: AuditVerification, dbPath: string): string {
  if (result.ok) return `audit trail OK: ${result.checked} entries verified, chain and head anchor intact (${dbPath})`;
  const where = result.firstBadSeq === undefined ? '' : ` at seq ${result.firstBadSeq}`;
  return `audit trail BROKEN${where}: ${result.reason} (${result.checked} entries verified before it; ${dbPath})`;
}

/**
 * Runs when this file is the script, whether started as `tsx audit-verify.ts …` or through
 * a launcher that passes it on (`node scripts/run-ts.mjs src/main/cli/audit-verify.ts …`);
 * importing it (tests) runs nothing.
 */
const thisFile = fileURLToPath(import.meta.url);
const scriptIndex = process.argv.findIndex((arg, i) => i >= 1 && /\.[cm]?[jt]s$/.test(arg) && resolve(arg) === thisFile);
if (scriptIndex >= 1) {
  process.exitCode = await runAuditVerify(process.argv.slice(scriptIndex + 1), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
}
