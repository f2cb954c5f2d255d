import { afterEach, describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { RpcError } from '../../../shared/contract/errors';
import { displayLayoutSchema, type DisplayInfo } from '../../../shared/domain/displays';
import { Emitter } from '../../../shared/lib/emitter';
import {
  DEFAULT_DISPLAY_PREFS,
  DISPLAY_PREFS_KEY,
  DisplayLayoutService,
  MAX_SAVED_WINDOWS,
  WINDOW_BOUNDS_KEY,
  type JsonSettingsStore,
} from './display-layout-service';
import type { DisplaySource } from './display-source';

/** Settings kept as JSON text, so what the service stores must survive a round trip. */
class MemorySettings implements JsonSettingsStore {
  readonly data = new Map<string, string>();
  writes: Array<{ key: string; value: unknown }> = [];
  failWrites = false;

  async get<T>(key: string, schema: ZodType<T>, fallback: T): Promise<T> {
    const raw = this.data.get(key);
    if (raw === undefined) return fallback;
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : fallback;
  }

  async set(key: string, value: unknown): Promise<void> {
    await new Promise((r) => setTimeout(r, 1));
    if (this.failWrites) throw new Error('disk full');
    this.writes.push({ key, value });
    this.data.set(key, JSON.stringify(value));
  }

  stored(key: string): unknown {
    const raw = this.data.get(key);
    return raw === undefined ? undefined : JSON.parse(raw);
  }
}

class FakeSource implements DisplaySource {
  private readonly emitter = new Emitter<void>();
  readonly onDidChange = this.emitter.event;
  constructor(public displays: DisplayInfo[]) {}
  list() {
    return this.displays.map((d) => ({ ...d }));
  }
  change(displays: DisplayInfo[]) {
    this.displays = displays;
    this.emitter.fire();
  }
}

function display(id: string, x: number, width = 1920, height = 1080, primary = false): DisplayInfo {
  return { id, label: id, bounds: { x, y: 0, width, height }, workArea: { x, y: 0, width, height: height - 40 }, scaleFactor: 1, primary };
}
const laptop = display('1', 0, 1920, 1080, true);
const tv = display('2', 1920, 3840, 2160);

const services: DisplayLayoutService[] = [];
function makeService(opts: { displays?: DisplayInfo[] | null; settings?: MemorySettings; persistDelayMs?: number } = {}) {
  const settings = opts.settings ?? new MemorySettings();
  const source = opts.displays === null ? undefined : new FakeSource(opts.displays ?? [laptop, tv]);
  const warnings: string[] = [];
  const service = new DisplayLayoutService({
    settings,
    source,
    persistDelayMs: opts.persistDelayMs ?? 20,
    log: { warn: (m) => warnings.push(m) },
  });
  services.push(service);
  return { service, settings, source, warnings };
}

afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.dispose()));
});

describe('DisplayLayoutService', () => {
  it('has no displays and no windows on the headless host', async () => {
    const { service } = makeService({ displays: null });
    expect(await service.layout()).toEqual({ displays: [], windows: [], prefs: DEFAULT_DISPLAY_PREFS });
  });

  it('plans from the source with default prefs, in the contract\'s shape', async () => {
    const { service } = makeService();
    const layout = displayLayoutSchema.parse(await service.layout());
    expect(layout.displays.map((d) => d.id)).toEqual(['1', '2']);
    expect(layout.windows.map((w) => w.key)).toEqual(['station:primary', 'wall']);
  });

  it('stores prefs, answers with the new layout and tells the shell to re-plan', async () => {
    const { service, settings } = makeService();
    let changes = 0;
    service.onDidChange(() => changes++);
    const layout = await service.setPrefs({ wallKiosk: true });
    expect(layout.prefs.wallKiosk).toBe(true);
    expect(layout.windows.find((w) => w.key === 'wall')?.kiosk).toBe(true);
    expect(settings.stored(DISPLAY_PREFS_KEY)).toEqual({ ...DEFAULT_DISPLAY_PREFS, wallKiosk: true });
    expect(changes).toBe(1);
    // Same prefs again: nothing written, nothing fired.
    await service.setPrefs({ wallKiosk: true });
    expect(changes).toBe(1);
    expect(settings.writes.filter((w) => w.key === DISPLAY_PREFS_KEY)).toHaveLength(1);
  });

  it('reads prefs back after a restart', async () => {
    const settings = new MemorySettings();
    await makeService({ settings }).service.setPrefs({ wallDisplay: null, stationOnEveryDisplay: true });
    const layout = await makeService({ settings }).service.layout();
    expect(layout.windows.map((w) => w.key)).toEqual(['station:primary', 'station:2']);
  });

  it('falls back to defaults when stored prefs are corrupt', async () => {
    const settings = new MemorySettings();
    settings.data.set(DISPLAY_PREFS_KEY, JSON.stringify({ wallDisplay: 42 }));
    expect((await makeService({ settings }).service.layout()).prefs).toEqual(DEFAULT_DISPLAY_PREFS);
  });

  it('refuses a wall on a display the station does not have, and changes nothing', async () => {
    const { service, settings } = makeService();
    const err = await service.setPrefs({ wallDisplay: '99' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', details: { knownDisplays: ['1', '2'] } });
    expect(settings.stored(DISPLAY_PREFS_KEY)).toBeUndefined();
    expect((await service.layout()).prefs).toEqual(DEFAULT_DISPLAY_PREFS);
  });

  it('refuses malformed prefs with a typed error', async () => {
    const { service } = makeService();
    await expect(service.setPrefs({ wallKiosk: 'yes' } as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(service.setPrefs({ bogus: true } as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('keeps the old prefs when the settings write fails', async () => {
    const { service, settings } = makeService();
    settings.failWrites = true;
    await expect(service.setPrefs({ wallKiosk: true })).rejects.toThrow('disk full');
    expect((await service.layout()).prefs.wallKiosk).toBe(false);
  });

  it('applies concurrent prefs patches in order without losing one', async () => {
    const { service, settings } = makeService();
    await Promise.all([service.setPrefs({ wallKiosk: true }), service.setPrefs({ stationOnEveryDisplay: true }), service.setPrefs({ wallDisplay: null })]);
    expect(settings.stored(DISPLAY_PREFS_KEY)).toEqual({ wallDisplay: null, wallKiosk: true, stationOnEveryDisplay: true });
  });

  it('fires onDidChange when displays change, and the next layout sees them', async () => {
    const { service, source } = makeService();
    let changes = 0;
    service.onDidChange(() => changes++);
    source!.change([laptop]);
    expect(changes).toBe(1);
    expect((await service.layout()).windows.map((w) => w.key)).toEqual(['station:primary']);
  });

  it('coalesces a burst of window moves into one write and restores them', async () => {
    const { service, settings } = makeService({ persistDelayMs: 30 });
    let changes = 0;
    service.onDidChange(() => changes++);
    for (let i = 0; i < 50; i++) service.saveWindowBounds('station:primary', { x: 100 + i, y: 100, width: 1000, height: 700 });
    await service.flush();
    const boundsWrites = settings.writes.filter((w) => w.key === WINDOW_BOUNDS_KEY);
    expect(boundsWrites).toHaveLength(1);
    expect(settings.stored(WINDOW_BOUNDS_KEY)).toEqual({
      'station:primary': { displayId: '1', display: laptop.bounds, bounds: { x: 149, y: 100, width: 1000, height: 700 } },
    });
    expect(changes).toBe(0);
    expect((await service.layout()).windows[0]!.bounds).toEqual({ x: 149, y: 100, width: 1000, height: 700 });
  });

  it('plans with bounds saved a moment ago, before they are written', async () => {
    const { service, settings } = makeService({ persistDelayMs: 60_000 });
    service.saveWindowBounds('station:primary', { x: 300, y: 200, width: 900, height: 600 });
    expect((await service.layout()).windows[0]!.bounds).toEqual({ x: 300, y: 200, width: 900, height: 600 });
    expect(settings.stored(WINDOW_BOUNDS_KEY)).toBeUndefined();
  });

  it('writes on its own after the quiet period', async () => {
    const { service, settings } = makeService({ persistDelayMs: 10 });
    service.saveWindowBounds('station:primary', { x: 10, y: 10, width: 800, height: 600 });
    const deadline = Date.now() + 2000;
    while (settings.stored(WINDOW_BOUNDS_KEY) === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(settings.stored(WINDOW_BOUNDS_KEY)).toHaveProperty(['station:primary', 'bounds', 'x'], 10);
  });

  it('restores saved bounds in a new service (a restart)', async () => {
    const settings = new MemorySettings();
    const first = makeService({ settings }).service;
    first.saveWindowBounds('station:primary', { x: 200, y: 150, width: 1200, height: 800 });
    await first.dispose();
    const layout = await makeService({ settings }).service.layout();
    expect(layout.windows[0]).toMatchObject({ key: 'station:primary', bounds: { x: 200, y: 150, width: 1200, height: 800 } });
  });

  it('retries a failed bounds write instead of dropping it', async () => {
    const { service, settings, warnings } = makeService();
    settings.failWrites = true;
    service.saveWindowBounds('station:primary', { x: 5, y: 5, width: 900, height: 600 });
    await service.flush();
    expect(settings.stored(WINDOW_BOUNDS_KEY)).toBeUndefined();
    expect(warnings).toContain('could not save window bounds');
    settings.failWrites = false;
    await service.flush();
    expect(settings.stored(WINDOW_BOUNDS_KEY)).toHaveProperty(['station:primary', 'bounds', 'x'], 5);
  });

  it('records the display under most of the window, and ignores windows on no display', async () => {
    const { service, settings } = makeService();
    service.saveWindowBounds('station:2', { x: 1800, y: 0, width: 1000, height: 600 });
    service.saveWindowBounds('station:primary', { x: 90000, y: 0, width: 1000, height: 600 });
    await service.flush();
    expect(settings.stored(WINDOW_BOUNDS_KEY)).toEqual({
      'station:2': { displayId: '2', display: tv.bounds, bounds: { x: 1800, y: 0, width: 1000, height: 600 } },
    });
  });

  it('refuses bad keys and bad bounds with typed errors', () => {
    const { service } = makeService();
    expect(() => service.saveWindowBounds('../../etc', { x: 0, y: 0, width: 10, height: 10 })).toThrow(RpcError);
    expect(() => service.saveWindowBounds('station:primary', { x: Number.NaN, y: 0, width: 10, height: 10 })).toThrow(/finite/);
    expect(() => service.saveWindowBounds('station:primary', { x: 0, y: 0, width: 0, height: 10 })).toThrow(/positive/);
  });

  it('keeps at most MAX_SAVED_WINDOWS entries, dropping the least recently saved', async () => {
    const { service, settings } = makeService();
    for (let i = 0; i < MAX_SAVED_WINDOWS + 5; i++) service.saveWindowBounds(`station:old-${i}`, { x: 0, y: 0, width: 800, height: 600 });
    service.saveWindowBounds('station:old-0', { x: 1, y: 0, width: 800, height: 600 });
    await service.flush();
    const keys = Object.keys(settings.stored(WINDOW_BOUNDS_KEY) as object);
    expect(keys).toHaveLength(MAX_SAVED_WINDOWS);
    expect(keys).toContain('station:old-0');
    expect(keys).not.toContain('station:old-1');
    expect(keys.at(-1)).toBe('station:old-0');
  });

  it('stops listening and writes what is pending on dispose', async () => {
    const { service, settings, source } = makeService({ persistDelayMs: 60_000 });
    let changes = 0;
    service.onDidChange(() => changes++);
    service.saveWindowBounds('station:primary', { x: 7, y: 7, width: 800, height: 600 });
    await service.dispose();
    source!.change([laptop]);
    expect(changes).toBe(0);
    expect(settings.stored(WINDOW_BOUNDS_KEY)).toHaveProperty(['station:primary', 'bounds', 'x'], 7);
  });
});
