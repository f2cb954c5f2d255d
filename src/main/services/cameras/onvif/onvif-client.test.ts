import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimDeviceSpec } from '../../../../simulators/cameras/onvif/device-state';
import { OnvifSimServer } from '../../../../simulators/cameras/onvif/onvif-sim-server';
import { WsDiscoveryResponder } from '../../../../simulators/cameras/onvif/ws-discovery-responder';
import { defaultSimProfiles } from '../../../../simulators/cameras/sim-config';
import { OnvifClient } from './onvif-client';
import { OnvifError } from './onvif-error';
import { expandTargets, parseProbeMatches, probe } from './ws-discovery';

const credentials = { username: 'admin', password: 'Đông-Hà-2025' };
const devices: SimDeviceSpec[] = [
  { id: 'ipc1', kind: 'camera', name: 'PTZ Hùng Vương', model: 'SIM-PTZ', serial: 'S1', credentials, channels: [{ cameraId: 'cam-1', name: 'Hùng Vương', ptz: true, codec: 'h264' }] },
  {
    id: 'nvr1',
    kind: 'nvr',
    name: 'NVR Phường 1',
    model: 'SIM-NVR',
    serial: 'N1',
    credentials,
    channels: [
      { cameraId: 'cam-2', name: 'Kênh 1', ptz: false, codec: 'h264' },
      { cameraId: 'cam-3', name: 'Kênh 2', ptz: false, codec: 'h265' },
      { cameraId: 'cam-4', name: 'Kênh 3', ptz: false, codec: 'h264' },
    ],
  },
];

let sim: OnvifSimServer;
const moves: { cameraId: string; x: number; zoom: number }[] = [];
const keyframeRequests: { cameraId: string; profile: string }[] = [];

beforeAll(async () => {
  sim = new OnvifSimServer({
    devices,
    profiles: defaultSimProfiles,
    rtspUrl: (id, p) => `rtsp://127.0.0.1:8554/${id}/${p}`,
    snapshot: async () => Buffer.from('jpeg'),
    onPtz: (cameraId, p) => moves.push({ cameraId, x: p.x, zoom: p.zoom }),
    onKeyframe: (cameraId, profile) => keyframeRequests.push({ cameraId, profile }),
    lockout: { maxFailures: 3, windowMs: 60_000, lockMs: 60_000 },
    eventIntervalMs: 0,
  });
  await sim.start();
});
afterAll(() => sim?.dispose());

describe('OnvifClient against the camera/NVR simulator', () => {
  it('reads a camera: device info, one channel with main and sub streams, PTZ and presets', async () => {
    const client = await OnvifClient.connect({ xaddr: sim.deviceUrl('ipc1'), ...credentials });
    expect(await client.deviceInformation()).toMatchObject({ manufacturer: 'IOC Console Simulator', model: 'SIM-PTZ', serialNumber: 'S1' });
    const channels = await client.channels();
    expect(channels).toHaveLength(1);
    const [ch] = channels;
    expect(ch!.main).toMatchObject({ codec: 'h264', width: 1280, height: 720, fps: 25 });
    expect(ch!.sub).toMatchObject({ width: 640, height: 360 });
    expect(ch!.mainUri).toBe('rtsp://127.0.0.1:8554/cam-1/main');
    expect(ch!.snapshotUri).toMatch(/\/snapshot\/cam-1\.jpg$/);
    expect(ch!.ptz).toBe(true);
    const presets = await client.presets(ch!.main.token);
    expect(presets.map((p) => p.token)).toContain('home');
    await client.gotoPreset(ch!.main.token, 'gate');
    expect(moves.at(-1)).toMatchObject({ cameraId: 'cam-1', x: -0.6 });
    const token = await client.setPreset(ch!.main.token, 'Chợ <Đông Hà> & "cầu"');
    expect((await client.presets(ch!.main.token)).find((p) => p.token === token)?.name).toBe('Chợ <Đông Hà> & "cầu"');
    await client.continuousMove(ch!.main.token, { pan: 1, tilt: 0, zoom: 0.5 });
    await new Promise((r) => setTimeout(r, 350));
    await client.stop(ch!.main.token);
    expect(moves.at(-1)!.x).toBeGreaterThan(-0.6);
    await client.synchronizationPoint(ch!.sub.token);
    expect(keyframeRequests).toEqual([{ cameraId: 'cam-1', profile: 'sub' }]);
    await expect(client.synchronizationPoint('ch01_sub"/><x')).rejects.toMatchObject({ kind: 'invalid-argument' });
  });

  it('lists one channel per NVR camera, with codecs', async () => {
    const client = await OnvifClient.connect({ xaddr: sim.deviceUrl('nvr1'), ...credentials });
    const channels = await client.channels();
    expect(channels.map((c) => c.mainUri)).toEqual(['rtsp://127.0.0.1:8554/cam-2/main', 'rtsp://127.0.0.1:8554/cam-3/main', 'rtsp://127.0.0.1:8554/cam-4/main']);
    expect(channels[1]!.main.codec).toBe('h265');
    expect(channels.every((c) => !c.ptz)).toBe(true);
  });

  it('pulls motion and line-crossing events from a pull-point subscription', async () => {
    const client = await OnvifClient.connect({ xaddr: sim.deviceUrl('nvr1'), ...credentials });
    await client.createPullPoint();
    sim.raise('nvr1', 1, 'motion', true);
    sim.raise('nvr1', 2, 'line');
    const events = await client.pullMessages();
    expect(events.map((e) => e.topic)).toEqual(['tns1:RuleEngine/CellMotionDetector/Motion', 'tns1:RuleEngine/LineDetector/Crossed']);
    expect(events[0]).toMatchObject({ sourceToken: 'vsc2', active: true });
    await client.unsubscribe();
  });

  it('says "wrong password" once per attempt and respects the camera lock-out', async () => {
    const auth = sim.auth('ipc1')!;
    const before = auth.failedAttempts;
    const bad = () => OnvifClient.connect({ xaddr: sim.deviceUrl('ipc1'), username: 'admin', password: 'wrong' }).then((c) => c.deviceInformation());
    const first = await bad().catch((e: unknown) => e);
    expect(first).toBeInstanceOf(OnvifError);
    expect((first as OnvifError).kind).toBe('auth');
    // One failed call costs the camera at most two attempts (WS-Security, then digest): no retry storm.
    expect(auth.failedAttempts - before).toBeLessThanOrEqual(2);
    await bad().catch(() => undefined);
    const locked = await bad().catch((e: unknown) => e);
    expect((locked as OnvifError).kind).toMatch(/locked|auth/);
    expect(auth.locked).toBe(true);
  });

  it('fails clearly on unreachable devices and bad addresses', async () => {
    const refused = await OnvifClient.connect({ xaddr: 'http://127.0.0.1:1/onvif/device_service', ...credentials }).catch((e: unknown) => e);
    expect((refused as OnvifError).kind).toBe('unreachable');
    for (const xaddr of ['file:///etc/passwd', 'not a url', 'http://admin:pw@127.0.0.1/onvif']) {
      const err = await OnvifClient.connect({ xaddr, ...credentials }).catch((e: unknown) => e);
      expect((err as OnvifError).kind).toBe('invalid-argument');
    }
  });

  it('finds the simulator by unicast WS-Discovery to loopback', async () => {
    const responder = new WsDiscoveryResponder({
      address: '127.0.0.1',
      port: 0,
      devices: () => devices.map((d) => ({ endpoint: `urn:uuid:${d.id}`, xaddr: sim.deviceUrl(d.id), scopes: [`onvif://www.onvif.org/name/${encodeURIComponent(d.name)}`, d.kind === 'nvr' ? 'onvif://www.onvif.org/type/Network_Video_Recorder' : 'onvif://www.onvif.org/type/video_encoder'], types: 'dn:NetworkVideoTransmitter' })),
    });
    const { port } = await responder.start();
    try {
      const found = await probe({ targets: ['127.0.0.1'], port, timeoutMs: 400 });
      expect(found.map((d) => d.name).sort()).toEqual(['NVR Phường 1', 'PTZ Hùng Vương']);
      expect(found.find((d) => d.kind === 'nvr')?.xaddrs).toEqual([sim.deviceUrl('nvr1')]);
    } finally {
      responder.dispose();
    }
  });
});

describe('WS-Discovery parsing and targets', () => {
  it('reads the ONVIF guide example with XAddrs split over lines', () => {
    const xml = readFileSync(join(__dirname, 'fixtures/onvif-rs/ProbeMatches__ONVIF_APG_example.xml'), 'utf8');
    const [d] = parseProbeMatches(xml, '192.168.1.24');
    expect(d).toMatchObject({ xaddrs: ['http://169.254.76.145/onvif/services', 'http://192.168.1.24/onvif/services'], name: 'VENDOR MODEL', hardware: 'MODEL', kind: 'camera' });
    expect(parseProbeMatches(readFileSync(join(__dirname, 'fixtures/agsh-onvif-mockup/Probe.xml'), 'utf8'), 'x')).toEqual([]);
  });
  it('expands ranges and refuses oversized ones', () => {
    expect(expandTargets('10.0.0.254-10.0.1.1')).toEqual(['10.0.0.254', '10.0.0.255', '10.0.1.0', '10.0.1.1']);
    expect(expandTargets('192.168.1.0/30')).toHaveLength(4);
    expect(() => expandTargets('10.0.0.0/8')).toThrow();
    expect(() => expandTargets('evil.example')).toThrow();
  });
});

/** Every file of the ONVIF test data, served as the answer to every call the client makes. */
describe('every ONVIF test-data response is handled', () => {
  const root = join(__dirname, 'fixtures');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(xml|txt)$/.test(f) && statSync(join(root, f)).isFile())
    .sort();
  let server: Server;
  let port = 0;
  let current = '';
  const handshake = (action: string) => /GetSystemDateAndTime/.test(action) || /GetServices/.test(action);

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        // The handshake comes from the simulator's own answers, so the file under test reaches the call it belongs to.
        const mock = handshake(body) ? readFileSync(join(root, `agsh-onvif-mockup/${/GetServices/.test(body) ? 'GetServices' : 'GetSystemDateAndTime'}.xml`), 'utf8') : current;
        res.writeHead(200, { 'Content-Type': 'application/soap+xml' });
        res.end(mock);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('has the test data', () => expect(files.length).toBeGreaterThan(60));

  it.each(files)('%s', async (file) => {
    current = readFileSync(join(root, file), 'utf8');
    const client = await OnvifClient.connect({ xaddr: `http://127.0.0.1:${port}/onvif/device_service`, ...credentials, timeoutMs: 2000 });
    const calls: [string, () => Promise<unknown>][] = [
      ['info', () => client.deviceInformation()],
      ['channels', () => client.channels()],
      ['presets', () => client.presets('main')],
      ['events', () => client.pullMessages()],
      ['uri', () => client.streamUri('main')],
    ];
    for (const [, call] of calls) {
      const outcome = await call().then(
        (value) => ({ ok: true as const, value }),
        (err: unknown) => ({ ok: false as const, err }),
      );
      if (!outcome.ok) {
        expect(outcome.err).toBeInstanceOf(OnvifError);
        expect((outcome.err as OnvifError).message.length).toBeGreaterThan(10);
      }
    }
  });

  it('reads the mock server replies it was written for', async () => {
    const answer = async <T>(file: string, call: (c: OnvifClient) => Promise<T>): Promise<T> => {
      current = readFileSync(join(root, 'agsh-onvif-mockup', file), 'utf8');
      const client = await OnvifClient.connect({ xaddr: `http://127.0.0.1:${port}/onvif/device_service`, ...credentials });
      return call(client);
    };
    expect(await answer('GetDeviceInformation.xml', (c) => c.deviceInformation())).toMatchObject({ manufacturer: expect.any(String), model: expect.any(String) });
    expect(await answer('GetStreamUri.xml', (c) => c.streamUri('main'))).toBe('rtsp://192.168.68.111/h264main');
    const presets = await answer('ptz.GetPresets.xml', (c) => c.presets('main'));
    expect(presets.length).toBeGreaterThan(0);
    const err = await answer('Error.xml', (c) => c.deviceInformation()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OnvifError);
  });
});
