import { describe, expect, it } from 'vitest';
import type { RegisteredCamera } from '../../../shared/domain/camera-registry';
import {
  cameraMatches,
  deviceServiceUrl,
  discoveredXaddr,
  exportFileName,
  formatDistance,
  listFormatOf,
  placementFormOf,
  placementFromForm,
} from './camera-admin-logic';

const camera: RegisteredCamera = {
  id: 'cam-01',
  name: 'Ngã tư Lê Duẩn',
  kind: 'standard',
  wardId: 'p1',
  position: [107.1, 16.8],
  heading: 90,
  address: '1 Lê Duẩn',
  group: 'Cổng trường',
  source: 'rtsp',
  deviceId: null,
  channel: null,
  main: null,
  sub: null,
  ptz: false,
  transcode: false,
};

describe('listFormatOf', () => {
  it('knows CSV and JSON by extension, case-insensitively', () => {
    expect(listFormatOf('cameras.CSV')).toBe('csv');
    expect(listFormatOf('list.json')).toBe('json');
    expect(listFormatOf('list.xlsx')).toBeNull();
    expect(listFormatOf('csv')).toBeNull();
  });
});

describe('deviceServiceUrl', () => {
  it('builds the ONVIF device service address from host and port', () => {
    expect(deviceServiceUrl('192.168.1.64', '80')).toEqual({ ok: true, xaddr: 'http://192.168.1.64/onvif/device_service' });
    expect(deviceServiceUrl(' 127.0.0.1 ', 8899)).toEqual({ ok: true, xaddr: 'http://127.0.0.1:8899/onvif/device_service' });
    expect(deviceServiceUrl('nvr-p1.local', '')).toEqual({ ok: true, xaddr: 'http://nvr-p1.local/onvif/device_service' });
    expect(deviceServiceUrl('fe80::1', 8080)).toEqual({ ok: true, xaddr: 'http://[fe80::1]:8080/onvif/device_service' });
  });
  it('keeps a full URL, adding the usual path when it has none', () => {
    expect(deviceServiceUrl('http://10.0.0.5:2020', '')).toEqual({ ok: true, xaddr: 'http://10.0.0.5:2020/onvif/device_service' });
    expect(deviceServiceUrl('http://10.0.0.5/onvif/device', '')).toEqual({ ok: true, xaddr: 'http://10.0.0.5/onvif/device' });
  });
  it('says why an address is refused', () => {
    expect(deviceServiceUrl('', 80)).toMatchObject({ ok: false, reason: 'host is empty' });
    expect(deviceServiceUrl('1.2.3.4', 70000)).toMatchObject({ ok: false });
    expect(deviceServiceUrl('rtsp://1.2.3.4', 80)).toMatchObject({ ok: false, reason: 'only http:// or https:// addresses' });
    expect(deviceServiceUrl('a b', 80)).toMatchObject({ ok: false });
    expect(deviceServiceUrl('x;rm -rf', 80)).toMatchObject({ ok: false });
  });
});

describe('discoveredXaddr', () => {
  it('prefers a plain http address', () => {
    const d = { endpoint: 'urn:x', scopes: [], name: null, hardware: null, kind: 'camera' as const, from: '10.0.0.1' };
    expect(discoveredXaddr({ ...d, xaddrs: ['https://10.0.0.1/onvif', 'http://10.0.0.1/onvif/device_service'] })).toBe('http://10.0.0.1/onvif/device_service');
    expect(discoveredXaddr({ ...d, xaddrs: ['https://10.0.0.1/onvif'] })).toBe('https://10.0.0.1/onvif');
    expect(discoveredXaddr({ ...d, xaddrs: [] })).toBeNull();
  });
});

describe('placement form', () => {
  it('round-trips a camera', () => {
    const form = placementFormOf(camera);
    expect(form).toMatchObject({ lng: '107.1', lat: '16.8', heading: '90', wardId: 'p1', group: 'Cổng trường' });
    expect(placementFromForm(form)).toEqual({
      ok: true,
      placement: { name: camera.name, position: [107.1, 16.8], heading: 90, wardId: 'p1', group: 'Cổng trường', address: '1 Lê Duẩn' },
    });
  });
  it('treats blanks as "not set" and accepts a decimal comma', () => {
    const result = placementFromForm({ ...placementFormOf(camera), lng: '107,25', lat: '16,75', heading: '', wardId: '', group: ' ' });
    expect(result).toEqual({ ok: true, placement: expect.objectContaining({ position: [107.25, 16.75], heading: null, wardId: null, group: null }) });
    expect(placementFromForm({ ...placementFormOf(camera), lng: '', lat: '' })).toEqual({ ok: true, placement: expect.objectContaining({ position: null }) });
  });
  it('refuses half a position, out-of-range values and an empty name', () => {
    const f = placementFormOf(camera);
    expect(placementFromForm({ ...f, lat: '' })).toEqual({ ok: false, error: 'cameraAdmin.invalid.lngLat' });
    expect(placementFromForm({ ...f, lng: '190' })).toEqual({ ok: false, error: 'cameraAdmin.invalid.lng' });
    expect(placementFromForm({ ...f, lat: 'abc' })).toEqual({ ok: false, error: 'cameraAdmin.invalid.lat' });
    expect(placementFromForm({ ...f, heading: '360' })).toEqual({ ok: false, error: 'cameraAdmin.invalid.heading' });
    expect(placementFromForm({ ...f, name: '  ' })).toEqual({ ok: false, error: 'cameraAdmin.invalid.name' });
  });
});

describe('formatDistance', () => {
  it('uses metres below a kilometre and the language decimal mark above', () => {
    expect(formatDistance(84.6)).toBe('85 m');
    expect(formatDistance(1234)).toBe('1,2 km');
    expect(formatDistance(1234, 'en')).toBe('1.2 km');
    expect(formatDistance(12_500, 'en')).toBe('13 km');
  });
});

describe('cameraMatches', () => {
  it('finds by name without diacritics, by group and by ward name', () => {
    expect(cameraMatches(camera, 'le duan')).toBe(true);
    expect(cameraMatches(camera, 'cong truong')).toBe(true);
    expect(cameraMatches(camera, 'dong thanh', 'Phường Đông Thanh')).toBe(true);
    expect(cameraMatches(camera, 'cau')).toBe(false);
    expect(cameraMatches(camera, '')).toBe(true);
  });
});

describe('exportFileName', () => {
  it('dates the file', () => {
    expect(exportFileName('csv', new Date('2026-12-01T23:00:00Z'))).toBe('cameras-2026-12-01.csv');
  });
});
