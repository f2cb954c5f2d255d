import type { ZodType } from 'zod';
import { RpcError } from '../../../shared/contract/errors';
import { stationSettingsSchema, type StationSettings } from '../../../shared/domain/system';
import { Emitter } from '../../../shared/lib/emitter';
import type { Disposable } from '../../../shared/lib/lifecycle';
import { silentLogger, type Logger } from '../log/logger';
import { SerialQueue } from '../store/serial-queue';
import type { Queryable } from '../store/store-service';
import type { JsonSettings } from './json-settings';

export const DEFAULT_STATION_SETTINGS: StationSettings = { idleLockMinutes: 10 };

const STATION_KEY = 'station';
const KEY = /^[a-z][A-Za-z0-9._:-]{0,99}$/;
const MAX_VALUE_CHARS = 1_000_000;
const stationPatchSchema = stationSettingsSchema.partial().strict();

export interface SettingsServiceDeps {
  store: Queryable;
  log?: Logger;
}

/**
 * Settings as JSON values in the `settings` table. A value that no longer fits its schema
 * (an older build wrote it, someone edited the file) reads as the fallback and is logged,
 * so a bad setting can never stop the console from starting.
 */
export class SettingsService implements JsonSettings, Disposable {
  private readonly changed = new Emitter<StationSettings>();
  /** Fires with the new station settings after every change that altered them. */
  readonly onDidChange = this.changed.event;
  private readonly updates = new SerialQueue();
  private readonly log: Logger;

  constructor(private readonly deps: SettingsServiceDeps) {
    this.log = deps.log ?? silentLogger;
  }

  async get<T>(key: string, schema: ZodType<T>, fallback: T): Promise<T> {
    checkKey(key);
    const rows = await this.deps.store.all<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]);
    if (rows.length === 0) return fallback;
    let raw: unknown;
    try {
      raw = JSON.parse(rows[0]!.value);
    } catch {
      this.log.warn('settings: stored value is not JSON; using the default', { key });
      return fallback;
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      this.log.warn('settings: stored value does not fit its schema; using the default', {
        key,
        issues: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
      });
      return fallback;
    }
    return parsed.data;
  }

  async set(key: string, value: unknown): Promise<void> {
    checkKey(key);
    const json = toJson(key, value);
    await this.deps.store.run(
      `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [key, json],
    );
  }

  async getStation(): Promise<StationSettings> {
    const stored = await this.get(STATION_KEY, stationSettingsSchema.partial(), {});
    // Fields added by later builds take their defaults until someone sets them.
    return { ...DEFAULT_STATION_SETTINGS, ...stored };
  }

  /** Applies a partial change; refuses invalid values with INVALID_ARGUMENT, changing nothing. */
  updateStation(patch: Partial<StationSettings>): Promise<StationSettings> {
    const parsed = stationPatchSchema.safeParse(patch);
    if (!parsed.success) {
      return Promise.reject(
        new RpcError('INVALID_ARGUMENT', `invalid station settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, {
          issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
        }),
      );
    }
    // Read-modify-write: queued so two concurrent patches both land.
    return this.updates.run(async () => {
      const before = await this.getStation();
      const after = stationSettingsSchema.parse({ ...before, ...parsed.data });
      if (sameJson(before, after)) return before;
      await this.set(STATION_KEY, after);
      this.changed.fire(after);
      return after;
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function checkKey(key: string): void {
  if (typeof key !== 'string' || !KEY.test(key)) {
    throw new TypeError(`settings key "${String(key).slice(0, 40)}" must be 1–100 characters: a letter, then letters, digits, ".", "_", ":" or "-"`);
  }
}

function toJson(key: string, value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (err) {
    throw new TypeError(`settings ${key}: value cannot be written as JSON (${(err as Error).message})`);
  }
  if (json === undefined) throw new TypeError(`settings ${key}: ${typeof value} cannot be written as JSON`);
  if (json.length > MAX_VALUE_CHARS) throw new RangeError(`settings ${key}: value is ${json.length} characters, over the ${MAX_VALUE_CHARS} limit`);
  return json;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Station settings a consumer can read and watch without holding the whole service. */
export interface StationSettingsSource {
  getStation(): Promise<StationSettings>;
  readonly onDidChange: SettingsService['onDidChange'];
}
