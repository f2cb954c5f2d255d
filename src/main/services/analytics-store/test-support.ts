import { coreMigrations } from '../store/migrations';
import { StoreService } from '../store/store-service';
import { analyticsMigrations, reportMigrations } from './migrations';

/** A store with the core and analytics schema; tests only. */
export function openAnalyticsTestStore(path = ':memory:'): Promise<StoreService> {
  return StoreService.open({ path, migrations: [...coreMigrations, ...analyticsMigrations, ...reportMigrations] });
}
