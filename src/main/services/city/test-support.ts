import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../log/logger';
import { CityService, type CityServiceOptions } from './city-service';

/** The repository's real resources folder, as the app ships it. */
export const resourcesDir = fileURLToPath(new URL('../../../../resources', import.meta.url));

export interface TempDir {
  path: string;
  cleanup(): void;
}

export function makeTempDir(prefix = 'ioc-city-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** A writable copy of the shipped demo city, for tests that break it on purpose. */
export function copyDemoCity(into: string): string {
  const copy = join(into, 'resources');
  cpSync(join(resourcesDir, 'demo-city'), join(copy, 'demo-city'), { recursive: true });
  return copy;
}

export class RecordingLogger implements Logger {
  readonly lines: { level: 'info' | 'warn' | 'error'; message: string; meta?: Record<string, unknown> }[] = [];
  info(message: string, meta?: Record<string, unknown>) {
    this.lines.push({ level: 'info', message, meta });
  }
  warn(message: string, meta?: Record<string, unknown>) {
    this.lines.push({ level: 'warn', message, meta });
  }
  error(message: string, meta?: Record<string, unknown>) {
    this.lines.push({ level: 'error', message, meta });
  }
  warnings(): { message: string; meta?: Record<string, unknown> }[] {
    return this.lines.filter((l) => l.level === 'warn');
  }
}

/** A loaded CityService over the real demo city and a fresh data folder. */
export async function makeCityService(dataDir: string, options: Partial<CityServiceOptions> = {}) {
  const log = new RecordingLogger();
  let n = 0;
  const service = new CityService({
    resourcesDir,
    dataDir,
    log,
    newLayerId: () => `layer-test-${++n}`,
    now: () => new Date('2026-11-22T08:00:00.000Z'),
    ...options,
  });
  await service.load();
  return { service, log };
}

export const smallLayer = (name = 'Điểm ngập') =>
  JSON.stringify({
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { name }, geometry: { type: 'Point', coordinates: [107.1, 16.82] } },
      { type: 'Feature', properties: { name: 'Tuyến' }, geometry: { type: 'LineString', coordinates: [[107.09, 16.81], [107.11, 16.82]] } },
    ],
  });
