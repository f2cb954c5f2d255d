import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../log/logger';
import { OnvifSimServer } from '../../../simulators/cameras/onvif/onvif-sim-server';
import { defaultSimProfiles } from '../../../simulators/cameras/sim-config';
import { MediaGateway, type StreamSource } from '../media-gateway/media-gateway';
import { SecretBox } from '../secrets/secret-box';
import { StoreService } from '../store/store-service';
import { cameraMigrations } from './migrations';
import { CameraService } from './camera-service';

const disposers: (() => unknown)[] = [];
afterEach(async () => {
  for (const d of disposers.splice(0).reverse()) await d();
});

async function makeService(): Promise<CameraService> {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-cameras-'));
  const store = await StoreService.open({ path: ':memory:', migrations: cameraMigrations });
  const gateway = new MediaGateway({});
  const service = await CameraService.open({ store, secrets: new SecretBox(randomBytes(32)), gateway, snapshotsDir: dir, log: silentLogger, mediaMount: '/media/', events: false });
  disposers.push(() => rmSync(dir, { recursive: true, force: true }), () => store.dispose(), () => gateway.dispose(), () => service.dispose());
  return service;
}

const header = 'id,name,kind,wardId,lng,lat,heading,address,group,rtspMain,rtspSub';

describe('CameraService camera lists', () => {
  it('imports a good list and exports what it imported', async () => {
    const cameras = await makeService();
    const result = await cameras.importList('csv', `${header}\nnvr-1,Ngã tư Lê Duẩn,standard,p1,107.1,16.8,90,1 Lê Duẩn,Cổng,rtsp://10.0.0.5/main,rtsp://10.0.0.5/sub\n`);
    expect(result).toEqual({ imported: 1, updated: 0, errors: [] });
    expect(cameras.list().map((c) => c.id)).toContain('nvr-1');
    expect(cameras.exportList('csv')).toContain('Ngã tư Lê Duẩn');
  });

  it('changes nothing when any row is bad, and names every bad row', async () => {
    const cameras = await makeService();
    const before = cameras.list().length;
    const text = [
      header,
      'good-1,Good,standard,p1,107.1,16.8,0,,,rtsp://10.0.0.6/main,',
      'bad-1,Hostile,standard,p1,107.1,16.8,0,,,rtsp://x;rm -rf /,',
      'bad-2,Wrong scheme,standard,p1,107.1,16.8,0,,,file:///etc/passwd,',
      'bad-3,Heading,standard,p1,107.1,16.8,400,,,,',
    ].join('\n');
    const result = await cameras.importList('csv', text);
    expect(result.imported + result.updated).toBe(0);
    expect(result.errors.map((e) => e.row)).toEqual([3, 4, 5]);
    expect(cameras.list()).toHaveLength(before);
  });

  it('gives analytics and tiles the same stream address, and none for an unknown camera', async () => {
    const cameras = await makeService();
    await cameras.importList('json', JSON.stringify([{ id: 'c1', name: 'C1', rtspMain: 'rtsp://10.0.0.7/main', rtspSub: 'rtsp://10.0.0.7/sub' }]));
    expect(cameras.streamUrl('c1', 'sub')).toBe('rtsp://10.0.0.7/sub');
    expect(cameras.streamUrl('c1', 'main')).toBe('rtsp://10.0.0.7/main');
    expect(cameras.streamUrl('nope', 'sub')).toBeNull();
  });
});

describe('CameraService streams', () => {
  it('gives the gateway a keyframe request that reaches the camera\'s ONVIF profile for that stream', async () => {
    const requested: { cameraId: string; profile: string }[] = [];
    const onvifSim = new OnvifSimServer({
      devices: [{ id: 'ipc', kind: 'camera', name: 'Cổng chợ', model: 'SIM', serial: 'S1', credentials: { username: 'admin', password: 'pw' }, channels: [{ cameraId: 'cam-1', name: 'Cổng', ptz: false, codec: 'h264' }] }],
      profiles: defaultSimProfiles,
      rtspUrl: (id, p) => `rtsp://127.0.0.1:8554/${id}/${p}`,
      snapshot: async () => Buffer.from('jpeg'),
      onPtz: () => undefined,
      onKeyframe: (cameraId, profile) => requested.push({ cameraId, profile }),
      eventIntervalMs: 0,
    });
    await onvifSim.start();
    disposers.push(() => onvifSim.dispose());
    const opened: StreamSource[] = [];
    const gateway = {
      open: (source: StreamSource) => {
        opened.push(source);
        return { leaseId: `lease-${opened.length}`, key: source.key, playlistPath: 'token/index.m3u8', status: { state: 'connecting', reason: null, codec: null, restarts: 0 } };
      },
      close: () => true,
    } as unknown as MediaGateway;
    const dir = mkdtempSync(join(tmpdir(), 'ioc-cameras-'));
    const store = await StoreService.open({ path: ':memory:', migrations: cameraMigrations });
    const cameras = await CameraService.open({ store, secrets: new SecretBox(randomBytes(32)), gateway, snapshotsDir: dir, log: silentLogger, mediaMount: '/media/', events: false });
    disposers.push(() => rmSync(dir, { recursive: true, force: true }), () => store.dispose(), () => cameras.dispose());
    const { cameras: added } = await cameras.addDevice({ xaddr: onvifSim.deviceUrl('ipc'), username: 'admin', password: 'pw' });
    cameras.openStream(added[0]!.id, 'sub');
    cameras.openStream(added[0]!.id, 'main');
    await opened[0]!.requestKeyframe!();
    await opened[1]!.requestKeyframe!();
    expect(requested).toEqual([
      { cameraId: 'cam-1', profile: 'sub' },
      { cameraId: 'cam-1', profile: 'main' },
    ]);
    // A camera added by its RTSP address alone has no ONVIF profile to ask.
    await cameras.importList('json', JSON.stringify([{ id: 'plain', name: 'Plain', rtspMain: 'rtsp://10.0.0.8/main' }]));
    cameras.openStream('plain', 'main');
    expect(opened[2]!.requestKeyframe).toBeUndefined();
  });
});
