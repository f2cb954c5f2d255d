/** The console's database inside its data folder. */
export const DATABASE_FILE = 'ioc.duckdb';
