import type { ZodType } from 'zod';
import { RpcError } from '../../../shared/contract/errors';
import { displayPrefsSchema, type DisplayLayout, type DisplayPrefs, type Rect } from '../../../shared/domain/displays';
import { Emitter } from '../../../shared/lib/emitter';
import type { Disposable } from '../../../shared/lib/lifecycle';
import type { DisplaySource } from './display-source';
import { intersectionArea, isFiniteRect } from './geometry';
import { planWindows, sortDisplays } from './plan-windows';
import { savedWindowBoundsSchema, type SavedWindowBounds } from './saved-bounds';
import { isValidWindowKey } from './window-keys';

/** The slice of the settings service this one needs (declared here so it stays swappable). */
export interface JsonSettingsStore {
  get<T>(key: string, schema: ZodType<T>, fallback: T): Promise<T>;
  set(key: string, value: unknown): Promise<void>;
}

export interface DisplayLayoutLog {
  warn(message: string, meta?: Record<string, unknown>): void;
}

export interface DisplayLayoutServiceOptions {
  settings: JsonSettingsStore;
  /** Absent on the headless host: no displays, no windows. */
  source?: DisplaySource;
  /** Window moves arrive many times a second; they reach the settings store at most this often. */
  persistDelayMs?: number;
  log?: DisplayLayoutLog;
}

export const DISPLAY_PREFS_KEY = 'displays.prefs';
export const WINDOW_BOUNDS_KEY = 'displays.windowBounds';
export const DEFAULT_DISPLAY_PREFS: DisplayPrefs = { wallDisplay: 'auto', wallKiosk: false, stationOnEveryDisplay: false };
/** Old entries (displays long gone) are dropped beyond this, least recently saved first. */
export const MAX_SAVED_WINDOWS = 64;

const prefsPatchSchema = displayPrefsSchema.partial().strict();

interface State {
  prefs: DisplayPrefs;
  saved: SavedWindowBounds;
}

/**
 * Knows the station's displays, the operator's display preferences and where each window was
 * last left, and turns them into a window plan. The shell re-plans whenever `onDidChange`
 * fires (displays or prefs changed); saving window bounds never fires it, so a window being
 * dragged cannot set off a re-plan that moves it back.
 */
export class DisplayLayoutService implements Disposable {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;

  private readonly settings: JsonSettingsStore;
  private readonly source: DisplaySource | undefined;
  private readonly persistDelayMs: number;
  private readonly log: DisplayLayoutLog | undefined;
  private readonly sourceSubscription: Disposable | undefined;

  private state: Promise<State> | undefined;
  /** setPrefs and bounds updates apply one at a time, in call order. */
  private queue: Promise<unknown> = Promise.resolve();
  private writes: Promise<void> = Promise.resolve();
  private boundsDirty = false;
  private persistTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(options: DisplayLayoutServiceOptions) {
    this.settings = options.settings;
    this.source = options.source;
    this.persistDelayMs = options.persistDelayMs ?? 500;
    this.log = options.log;
    this.sourceSubscription = this.source?.onDidChange(() => {
      if (!this.disposed) this.changed.fire();
    });
  }

  /** Queued behind earlier prefs changes and bounds saves, so it always reflects them. */
  layout(): Promise<DisplayLayout> {
    return this.enqueue(async () => this.snapshot(await this.load()));
  }

  /** Validates and stores a prefs patch, then answers with the layout it gives. */
  setPrefs(patch: Partial<DisplayPrefs>): Promise<DisplayLayout> {
    return this.enqueue(async () => {
      const parsed = prefsPatchSchema.safeParse(patch);
      if (!parsed.success) {
        throw new RpcError('INVALID_ARGUMENT', `invalid display preferences: ${parsed.error.issues[0]?.message ?? 'bad value'}`, {
          issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
        });
      }
      this.checkWallDisplay(parsed.data.wallDisplay);
      const state = await this.load();
      const next: DisplayPrefs = { ...state.prefs, ...parsed.data };
      if (!samePrefs(next, state.prefs)) {
        // Stored first: if the write fails, memory still matches what is on disk.
        await this.settings.set(DISPLAY_PREFS_KEY, next);
        state.prefs = next;
        if (!this.disposed) this.changed.fire();
      }
      return this.snapshot(state);
    });
  }

  /**
   * Remembers where a window is, keyed by its role. Cheap to call on every move event: the
   * bounds land in memory at once and in settings after `persistDelayMs` of quiet.
   */
  saveWindowBounds(key: string, bounds: Rect): void {
    if (!isValidWindowKey(key)) throw new RpcError('INVALID_ARGUMENT', `not a window key: "${key.slice(0, 40)}"`);
    if (!isFiniteRect(bounds) || bounds.width <= 0 || bounds.height <= 0) {
      throw new RpcError('INVALID_ARGUMENT', `window bounds must be finite with a positive size`, { bounds });
    }
    if (this.disposed) return;
    const copy = { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height };
    void this.enqueue(async () => {
      const display = this.displayUnder(copy);
      // A window on no display (or on the headless host) has nothing to be restored against.
      if (!display) return;
      const state = await this.load();
      delete state.saved[key];
      state.saved[key] = { displayId: display.id, display: { ...display.bounds }, bounds: copy };
      for (const stale of Object.keys(state.saved).slice(0, -MAX_SAVED_WINDOWS)) delete state.saved[stale];
      this.boundsDirty = true;
      this.schedulePersist();
    }).catch((err: unknown) => this.log?.warn('could not record window bounds', { key, error: String(err) }));
  }

  /** Writes pending window bounds now (tests, shutdown). */
  async flush(): Promise<void> {
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
    await this.queue.catch(() => {});
    await this.persist();
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.sourceSubscription?.dispose();
    try {
      await this.flush();
    } finally {
      this.changed.dispose();
    }
  }

  private load(): Promise<State> {
    this.state ??= Promise.all([
      this.settings.get(DISPLAY_PREFS_KEY, displayPrefsSchema, DEFAULT_DISPLAY_PREFS),
      this.settings.get(WINDOW_BOUNDS_KEY, savedWindowBoundsSchema, {}),
    ]).then(
      ([prefs, saved]) => ({ prefs: { ...prefs }, saved: { ...saved } }),
      (err: unknown) => {
        // Let the next call try again instead of caching the failure for the session.
        this.state = undefined;
        throw err;
      },
    );
    return this.state;
  }

  private snapshot(state: State): DisplayLayout {
    const displays = sortDisplays(this.source?.list() ?? []);
    return { displays, windows: planWindows(displays, state.prefs, state.saved), prefs: { ...state.prefs } };
  }

  private checkWallDisplay(wallDisplay: DisplayPrefs['wallDisplay'] | undefined): void {
    if (typeof wallDisplay !== 'string' || wallDisplay === 'auto') return;
    const known = (this.source?.list() ?? []).map((d) => d.id);
    if (!known.includes(wallDisplay)) {
      throw new RpcError('INVALID_ARGUMENT', `no display "${wallDisplay.slice(0, 40)}" on this station`, { knownDisplays: known });
    }
  }

  /** The display holding most of the window. */
  private displayUnder(bounds: Rect) {
    let best: { id: string; bounds: Rect } | undefined;
    let bestArea = 0;
    for (const d of sortDisplays(this.source?.list() ?? [])) {
      const area = intersectionArea(d.bounds, bounds);
      if (area > bestArea) [best, bestArea] = [d, area];
    }
    return best;
  }

  private schedulePersist(): void {
    if (this.disposed) return;
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      void this.persist();
    }, this.persistDelayMs);
  }

  private persist(): Promise<void> {
    this.writes = this.writes.then(async () => {
      if (!this.boundsDirty || !this.state) return;
      const { saved } = await this.state;
      this.boundsDirty = false;
      try {
        await this.settings.set(WINDOW_BOUNDS_KEY, { ...saved });
      } catch (err) {
        // Keep them in memory and try again with the next move or at shutdown.
        this.boundsDirty = true;
        this.log?.warn('could not save window bounds', { error: String(err) });
      }
    });
    return this.writes;
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => {});
    return run;
  }
}

function samePrefs(a: DisplayPrefs, b: DisplayPrefs): boolean {
  return a.wallDisplay === b.wallDisplay && a.wallKiosk === b.wallKiosk && a.stationOnEveryDisplay === b.stationOnEveryDisplay;
}
