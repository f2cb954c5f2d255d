import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames, type MethodName } from '../../../shared/contract';
import type { BasemapSource } from '../../../shared/contract/methods/city';
import type { Role } from '../../../shared/domain/roles';
import { BasemapService } from '../../services/basemap/basemap-service';
import type { BasemapBuildResult } from '../../services/basemap/authoring/build-basemap-files';
import { badBasemapFiles, writeSampleBasemaps } from '../../services/basemap/testing/basemap-fixtures';
import { decodeTile } from '../../services/basemap/testing/decode-tile';
import { makeTempDir } from '../../services/basemap/testing/temp-dir';
import { latToTileY, lonToTileX } from '../../services/basemap/tile-coords';
import { RpcRouter } from '../router';
import type { AuditRecord, Handlers } from '../types';
import { createBasemapHandlers, type BasemapHandlerDeps } from './basemap';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let files: BasemapBuildResult;
beforeAll(async () => {
  temp = await makeTempDir();
  files = await writeSampleBasemaps(temp.dir);
});
afterAll(() => temp.remove());

const sessions: Record<string, Role> = { v: 'viewer', o: 'operator' };

function setup(onSourceChanged?: BasemapHandlerDeps['onSourceChanged']) {
  const basemap = new BasemapService();
  const audit: AuditRecord[] = [];
  const changes: Array<{ path: string | null; source: BasemapSource }> = [];
  const notImplemented = Object.fromEntries(
    methodNames.map((m) => [m, () => Promise.reject(new Error(`${m} is not part of this test`))]),
  ) as unknown as Handlers;
  const router = new RpcRouter({
    handlers: {
      ...notImplemented,
      ...createBasemapHandlers({
        basemap,
        onSourceChanged:
          onSourceChanged ??
          ((path, source) => {
            changes.push({ path, source });
          }),
      }),
    },
    sessions: {
      current: (id) => {
        const role = sessions[id];
        return {
          locked: false,
          operator: role ? { id, username: `${role}1`, displayName: role, role, disabled: false, createdAt: '2025-01-01T00:00:00Z' } : null,
        };
      },
    },
    audit: { append: async (r) => void audit.push(r) },
  });
  const call = (sessionId: string, method: MethodName, arg: unknown) => router.dispatch({ sessionId, transport: 'ws' }, method, arg);
  return { basemap, audit, changes, call };
}

describe('basemap handlers through the router', () => {
  it('lets an operator open a file, records it, reports the change, and serves its tiles as base64 MVT', async () => {
    const { basemap, audit, changes, call } = setup();
    expect(await call('v', 'basemap.source', {})).toMatchObject({ ok: true, value: { kind: 'builtin' } });

    const opened = await call('o', 'basemap.open', { path: files.pmtilesPath });
    expect(opened).toMatchObject({ ok: true, value: { kind: 'pmtiles', name: 'Đông Hà (mẫu)' } });
    expect(changes).toEqual([{ path: files.pmtilesPath, source: expect.objectContaining({ kind: 'pmtiles' }) }]);
    expect(audit).toEqual([{ actor: 'operator1', action: 'basemap.open', args: { path: files.pmtilesPath }, result: 'ok' }]);

    const index = { z: 14, x: lonToTileX(107.093, 14), y: latToTileY(16.819, 14) };
    const tile = await call('v', 'basemap.tile', index);
    if (!tile.ok) throw new Error(tile.error.message);
    const bytes = new Uint8Array(Buffer.from((tile.value as { data: string }).data, 'base64'));
    const features = await decodeTile(bytes, index);
    expect(features.map((f) => f.properties?.name)).toContain('UBND thành phố');
    expect(await call('v', 'basemap.tile', { z: 14, x: 0, y: 0 })).toEqual({ ok: true, value: { data: null } });

    expect(await call('o', 'basemap.reset', {})).toMatchObject({ ok: true, value: { kind: 'builtin' } });
    expect(changes.at(-1)).toMatchObject({ path: null, source: { kind: 'builtin' } });
    await basemap.dispose();
  });

  it('answers a bad file with INVALID_ARGUMENT and its reason, changing nothing', async () => {
    const { basemap, changes, audit, call } = setup();
    await call('o', 'basemap.open', { path: files.mbtilesPath });
    const png = await badBasemapFiles.pngRenamed(temp.dir);
    const result = await call('o', 'basemap.open', { path: png });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/looks like a PNG image/), details: { reason: 'unknown-format', path: png } },
    });
    expect(changes).toHaveLength(1);
    expect(audit.at(-1)).toMatchObject({ action: 'basemap.open', result: 'error:INVALID_ARGUMENT' });
    expect(await call('v', 'basemap.source', {})).toMatchObject({ ok: true, value: { kind: 'mbtiles' } });
    await basemap.dispose();
  });

  it('refuses a viewer who tries to change the basemap, and malformed tile addresses', async () => {
    const { basemap, call } = setup();
    expect(await call('v', 'basemap.open', { path: files.pmtilesPath })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(await call('v', 'basemap.reset', {})).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(await call('nobody', 'basemap.tile', { z: 1, x: 0, y: 0 })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await call('v', 'basemap.tile', { z: 1, x: 2, y: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await call('v', 'basemap.tile', { z: 1, x: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await call('o', 'basemap.open', { path: join(temp.dir, 'x'), extra: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(basemap.source().kind).toBe('builtin');
    await basemap.dispose();
  });

  it('tells the operator when the choice could not be saved', async () => {
    const { basemap, call } = setup(() => Promise.reject(new Error('disk full')));
    const result = await call('o', 'basemap.open', { path: files.mbtilesPath });
    expect(result).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringMatching(/in use but could not be saved.*disk full/) } });
    await basemap.dispose();
  });
});
