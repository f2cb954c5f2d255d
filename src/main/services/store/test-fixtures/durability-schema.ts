import type { Migration } from '../migration';

export const durabilityMigrations: Migration[] = [
  {
    version: 1,
    name: 'events',
    up: ['CREATE TABLE events (id BIGINT NOT NULL, batch INTEGER NOT NULL, payload VARCHAR NOT NULL, created_at TIMESTAMPTZ NOT NULL)'],
  },
];

/** Deterministic from the id, so a torn or mixed-up row shows as a mismatch. */
export const payloadFor = (id: number): string => `row ${id} ${'·Đông Hà·'.repeat(8)}`;
