import { analyticsMigrations, reportMigrations } from './services/analytics-store/migrations';
import { cameraMigrations } from './services/cameras/migrations';
import { fieldMigrations } from './services/fieldbus/field-migrations';
import type { Migration } from './services/store/migration';
import { coreMigrations } from './services/store/migrations';
import { watchlistMigrations } from './services/watchlist/watchlist-migrations';
import { visionMigrations } from './services/vision/migrations';

/**
 * Every schema version the console's database can carry, in one list: the console applies them
 * and the offline tools (audit-verify) must know them too, or they refuse a database that a
 * newer service already migrated. Each service owns a version range (core 1–99, field 100–199,
 * cameras 300–399, analytics 400–499, vision 600–699).
 */
export const consoleMigrations: readonly Migration[] = [
  ...coreMigrations,
  ...fieldMigrations,
  ...cameraMigrations,
  ...analyticsMigrations,
  ...reportMigrations,
  ...watchlistMigrations,
  ...visionMigrations,
];
