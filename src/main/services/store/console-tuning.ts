import type { StoreOpenOptions } from './store-service';

/**
 * How the console opens its own database (bench:store measures it against DuckDB's defaults in
 * the same run). One DuckDB thread: on a 2-core station that also decodes video and runs the
 * field bus, a second thread mostly busy-polled DuckDB's task queue while the first compressed a
 * commit's row groups, so a commit took both cores for one core's work. No FSST: the events'
 * strings repeat a few values, where a dictionary wins, and FSST's analysis was a third of a
 * commit's compression work. Together 1.3–1.6× faster appends at large batches (store-phases.ts);
 * dashboards, which read the rollups, stay well inside their 100 ms.
 */
export const CONSOLE_STORE_TUNING = {
  threads: 1,
  disabledCompressionMethods: ['fsst'],
} as const satisfies Pick<StoreOpenOptions, 'threads' | 'disabledCompressionMethods'>;
