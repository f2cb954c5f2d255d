import type { Migration } from './migration';

/**
 * Every migration of the console's own database, oldest first. Services append theirs with
 * the next free version; never edit or renumber a migration once it has shipped.
 *
 * Notes on DuckDB: `at` is a reserved word (hence `logged_at`), and instants the audit chain
 * hashes are kept as the exact ISO strings that were hashed.
 */
export const coreMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'settings',
    up: [
      `CREATE TABLE settings (
         key VARCHAR PRIMARY KEY,
         value VARCHAR NOT NULL,
         updated_at TIMESTAMPTZ NOT NULL
       )`,
    ],
  },
  {
    version: 2,
    name: 'operators',
    up: [
      `CREATE TABLE operators (
         id VARCHAR PRIMARY KEY,
         username VARCHAR NOT NULL UNIQUE,
         display_name VARCHAR NOT NULL,
         role VARCHAR NOT NULL CHECK (role IN ('viewer', 'operator', 'supervisor', 'admin')),
         password_hash VARCHAR NOT NULL,
         disabled BOOLEAN NOT NULL DEFAULT false,
         created_at TIMESTAMPTZ NOT NULL,
         updated_at TIMESTAMPTZ NOT NULL
       )`,
    ],
  },
  {
    version: 3,
    name: 'audit_log',
    up: [
      `CREATE TABLE audit_log (
         seq BIGINT PRIMARY KEY,
         logged_at VARCHAR NOT NULL,
         actor VARCHAR NOT NULL,
         action VARCHAR NOT NULL,
         args VARCHAR NOT NULL,
         result VARCHAR NOT NULL,
         prev_hash VARCHAR NOT NULL,
         hash VARCHAR NOT NULL
       )`,
    ],
  },
];
