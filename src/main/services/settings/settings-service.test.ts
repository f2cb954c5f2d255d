import { join } from 'node:path';
import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { RpcError } from '../../../shared/contract/errors';
import type { StationSettings } from '../../../shared/domain/system';
import type { Logger } from '../log/logger';
import type { StoreService } from '../store/store-service';
import { makeTempDir, openTestStore } from '../store/test-support';
import { SettingsService } from './settings-service';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info() {}, error() {}, warn: (m, meta) => warnings.push(`${m} ${JSON.stringify(meta)}`) };
}

async function makeSettings(path = ':memory:') {
  const store = await openTestStore(path);
  const log = recordingLogger();
  const settings = new SettingsService({ store, log });
  cleanups.push(() => store.dispose(), () => settings.dispose());
  return { store, settings, log };
}

const layoutSchema = z.object({ wall: z.string(), kiosk: z.boolean() });

describe('SettingsService', () => {
  it('stores JSON values and returns them through their schema', async () => {
    const { settings } = await makeSettings();
    expect(await settings.get('displays.layout', layoutSchema, { wall: 'auto', kiosk: false })).toEqual({ wall: 'auto', kiosk: false });
    await settings.set('displays.layout', { wall: 'HDMI-2', kiosk: true });
    expect(await settings.get('displays.layout', layoutSchema, { wall: 'auto', kiosk: false })).toEqual({ wall: 'HDMI-2', kiosk: true });
    await settings.set('displays.layout', { wall: 'DP-1', kiosk: false });
    expect(await settings.get('displays.layout', layoutSchema, { wall: 'auto', kiosk: false })).toEqual({ wall: 'DP-1', kiosk: false });
  });

  it('falls back (and says so) when a stored value no longer fits', async () => {
    const { store, settings, log } = await makeSettings();
    await settings.set('displays.layout', { wall: 3 });
    expect(await settings.get('displays.layout', layoutSchema, { wall: 'auto', kiosk: false })).toEqual({ wall: 'auto', kiosk: false });
    expect(log.warnings.join('\n')).toMatch(/does not fit its schema.*displays\.layout.*wall/);

    await store.run("INSERT INTO settings VALUES ('broken', '{not json', now())");
    expect(await settings.get('broken', z.number(), 5)).toBe(5);
    expect(log.warnings.join('\n')).toMatch(/not JSON.*broken/);
  });

  it('refuses keys and values it could not store faithfully', async () => {
    const { settings } = await makeSettings();
    await expect(settings.set('', 1)).rejects.toThrow(TypeError);
    await expect(settings.set("x'; DROP TABLE settings; --", 1)).rejects.toThrow(/settings key/);
    await expect(settings.set('fn', () => 1)).rejects.toThrow(/cannot be written as JSON/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(settings.set('cyclic', cyclic)).rejects.toThrow(/cannot be written as JSON/);
    await expect(settings.set('big', 'x'.repeat(1_000_001))).rejects.toThrow(RangeError);
  });

  it('gives station defaults, applies patches, persists them and announces changes', async () => {
    const tmp = makeTempDir('ioc-settings-');
    cleanups.push(tmp.cleanup);
    const path = join(tmp.dir, 'ioc.duckdb');
    const first = await makeSettings(path);
    expect(await first.settings.getStation()).toEqual({ idleLockMinutes: 10 });
    const seen: StationSettings[] = [];
    first.settings.onDidChange((s) => seen.push(s));

    expect(await first.settings.updateStation({ idleLockMinutes: 3 })).toEqual({ idleLockMinutes: 3 });
    expect(await first.settings.updateStation({ idleLockMinutes: 3 })).toEqual({ idleLockMinutes: 3 }); // no change, no event
    expect(seen).toEqual([{ idleLockMinutes: 3 }]);
    await (first.store as StoreService).dispose();

    const second = await makeSettings(path);
    expect(await second.settings.getStation()).toEqual({ idleLockMinutes: 3 });
  });

  it('refuses an invalid station patch with INVALID_ARGUMENT and keeps the old value', async () => {
    const { settings } = await makeSettings();
    await settings.updateStation({ idleLockMinutes: 20 });
    for (const bad of [{ idleLockMinutes: 0 }, { idleLockMinutes: 1.5 }, { idleLockMinutes: 241 }, { kiosk: true }]) {
      const err = await settings.updateStation(bad as Partial<StationSettings>).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RpcError);
      expect((err as RpcError).code).toBe('INVALID_ARGUMENT');
    }
    expect(await settings.getStation()).toEqual({ idleLockMinutes: 20 });
  });

  it('reads a damaged station record as the defaults', async () => {
    const { settings } = await makeSettings();
    await settings.set('station', { idleLockMinutes: 'ten' });
    expect(await settings.getStation()).toEqual({ idleLockMinutes: 10 });
  });
});
