import type { CameraPlacement, RegisteredCamera } from '../../../shared/domain/camera-registry';
import type { DiscoveredDevice } from '../../../shared/domain/camera-devices';
import { foldForSearch } from '../../../shared/text/fold';
import type { MessageKey } from '../../i18n';

/** The host refuses larger files; checking first spares sending them. */
export const MAX_LIST_BYTES = 5 * 1024 * 1024;

export type ListFormat = 'csv' | 'json';
export interface RowError {
  /** 0 = the whole file; otherwise the line (CSV, header = 1) or the 1-based entry (JSON). */
  row: number;
  message: string;
}

export function listFormatOf(fileName: string): ListFormat | null {
  const m = /\.(csv|json)$/i.exec(fileName.trim());
  return m ? (m[1]!.toLowerCase() as ListFormat) : null;
}

/** The ONVIF device service address of a host, as `cameras.addDevice` wants it. */
export function deviceServiceUrl(hostInput: string, portInput: string | number): { ok: true; xaddr: string } | { ok: false; reason: string } {
  const raw = hostInput.trim();
  if (raw === '') return { ok: false, reason: 'host is empty' };
  if (/^https?:\/\//i.test(raw)) {
    try {
      const u = new URL(raw);
      if (u.pathname === '/' || u.pathname === '') u.pathname = '/onvif/device_service';
      return { ok: true, xaddr: u.toString() };
    } catch {
      return { ok: false, reason: 'not a valid URL' };
    }
  }
  if (/^[a-z]+:/i.test(raw) && !/^[0-9a-f:]+$/i.test(raw)) return { ok: false, reason: 'only http:// or https:// addresses' };
  const portText = String(portInput).trim();
  const port = portText === '' ? 80 : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { ok: false, reason: 'port must be 1–65535' };
  const host = raw.includes(':') && !raw.startsWith('[') ? `[${raw}]` : raw;
  if (!/^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?)$/i.test(host)) return { ok: false, reason: 'not an IP address or host name' };
  return { ok: true, xaddr: `http://${host}${port === 80 ? '' : `:${port}`}/onvif/device_service` };
}

/** The address to add a discovered device by: the first plain http one it announced. */
export function discoveredXaddr(device: DiscoveredDevice): string | null {
  return device.xaddrs.find((x) => /^http:\/\//i.test(x)) ?? device.xaddrs.find((x) => /^https:\/\//i.test(x)) ?? null;
}

export interface PlacementForm {
  name: string;
  lng: string;
  lat: string;
  heading: string;
  wardId: string;
  group: string;
  address: string;
}

export function placementFormOf(c: RegisteredCamera): PlacementForm {
  return {
    name: c.name,
    lng: c.position ? String(c.position[0]) : '',
    lat: c.position ? String(c.position[1]) : '',
    heading: c.heading === null ? '' : String(c.heading),
    wardId: c.wardId ?? '',
    group: c.group ?? '',
    address: c.address,
  };
}

const num = (s: string): number | null => (s.trim() === '' ? null : Number(s.trim().replace(',', '.')));

/** The edit form as `cameras.update` wants it; blank means "not set". Errors are message keys. */
export function placementFromForm(f: PlacementForm): { ok: true; placement: CameraPlacement } | { ok: false; error: MessageKey } {
  const name = f.name.trim();
  if (!name) return { ok: false, error: 'cameraAdmin.invalid.name' };
  const lng = num(f.lng);
  const lat = num(f.lat);
  if ((lng === null) !== (lat === null)) return { ok: false, error: 'cameraAdmin.invalid.lngLat' };
  if (lng !== null && !(Number.isFinite(lng) && lng >= -180 && lng <= 180)) return { ok: false, error: 'cameraAdmin.invalid.lng' };
  if (lat !== null && !(Number.isFinite(lat) && lat >= -90 && lat <= 90)) return { ok: false, error: 'cameraAdmin.invalid.lat' };
  const heading = num(f.heading);
  if (heading !== null && !(Number.isFinite(heading) && heading >= 0 && heading < 360)) return { ok: false, error: 'cameraAdmin.invalid.heading' };
  return {
    ok: true,
    placement: {
      name,
      position: lng !== null && lat !== null ? [lng, lat] : null,
      heading,
      wardId: f.wardId.trim() || null,
      group: f.group.trim() || null,
      address: f.address.trim(),
    },
  };
}

/** "85 m", "1.2 km" (Vietnamese writes "1,2 km"). */
export function formatDistance(m: number, language: 'vi' | 'en' = 'vi'): string {
  if (m < 1000) return `${Math.round(m)} m`;
  const km = (m / 1000).toFixed(m < 10_000 ? 1 : 0);
  return `${language === 'vi' ? km.replace('.', ',') : km} km`;
}

export function cameraMatches(c: RegisteredCamera, query: string, wardLabel = ''): boolean {
  const q = foldForSearch(query);
  return !q || foldForSearch(`${c.name} ${c.id} ${c.address} ${c.group ?? ''} ${c.wardId ?? ''} ${wardLabel}`).includes(q);
}

/** A download name for an export: cameras-2026-12-01.csv. */
export function exportFileName(format: ListFormat, now = new Date()): string {
  return `cameras-${now.toISOString().slice(0, 10)}.${format}`;
}
