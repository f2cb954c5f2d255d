import type { ZodType } from 'zod';

/** Typed key/value settings that other services persist their preferences in. */
export interface JsonSettings {
  /** The stored value if it still satisfies `schema`, else `fallback` (never throws for bad data). */
  get<T>(key: string, schema: ZodType<T>, fallback: T): Promise<T>;
  set(key: string, value: unknown): Promise<void>;
}
