import { randomUUID } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { isIPv4 } from 'node:net';
import type { DiscoveredDevice } from '../../../../shared/domain/camera-devices';

export const WS_DISCOVERY_PORT = 3702;
export const WS_DISCOVERY_GROUP = '239.255.255.250';
export const MAX_PROBE_TARGETS = 1024;

export function probeMessage(messageId = `uuid:${randomUUID()}`): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" ' +
    'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" ' +
    'xmlns:dn="http://www.onvif.org/ver10/network/wsdl"><s:Header><a:Action s:mustUnderstand="1">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>' +
    `<a:MessageID>${messageId}</a:MessageID><a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>` +
    '<a:To s:mustUnderstand="1">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To></s:Header><s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body></s:Envelope>'
  );
}

const inner = (xml: string, name: string): string[] =>
  [...xml.matchAll(new RegExp(`<(?:[\\w.-]+:)?${name}\\b[^>]*>([\\s\\S]*?)</(?:[\\w.-]+:)?${name}>`, 'g'))].map((m) => m[1]!);

/** ProbeMatches → devices; XAddrs and Scopes are whitespace-separated lists and may span lines. */
export function parseProbeMatches(xml: string, from: string): DiscoveredDevice[] {
  if (xml.length > 64 * 1024 || !/ProbeMatches/.test(xml)) return [];
  return inner(xml, 'ProbeMatch').flatMap((match) => {
    const endpoint = (inner(match, 'Address')[0] ?? '').trim();
    const xaddrs = (inner(match, 'XAddrs')[0] ?? '')
      .split(/\s+/)
      .filter((x) => /^https?:\/\/[^\s<>"]+$/.test(x))
      .slice(0, 8);
    if (!endpoint || xaddrs.length === 0) return [];
    const scopes = (inner(match, 'Scopes')[0] ?? '').split(/\s+/).filter(Boolean).slice(0, 32);
    const scope = (key: string) => {
      const s = scopes.find((x) => x.startsWith(`onvif://www.onvif.org/${key}/`));
      return s ? safeDecode(s.slice(`onvif://www.onvif.org/${key}/`.length)) : null;
    };
    const type = scopes.filter((s) => s.startsWith('onvif://www.onvif.org/type/')).join(' ');
    const kind: DiscoveredDevice['kind'] = /Network_Video_Recorder|NVR/i.test(type) ? 'nvr' : /video_encoder|NetworkVideoTransmitter/i.test(`${type} ${inner(match, 'Types')[0] ?? ''}`) ? 'camera' : 'unknown';
    return [{ endpoint, xaddrs, scopes, name: scope('name'), hardware: scope('hardware'), kind, from }];
  });
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** "10.0.0.1-10.0.0.40", "10.0.0.7" or "10.0.0.0/28" → addresses, at most MAX_PROBE_TARGETS. */
export function expandTargets(spec: string): string[] {
  const s = spec.trim();
  const toInt = (ip: string) => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  const toIp = (n: number) => [24, 16, 8, 0].map((sh) => Math.floor(n / 2 ** sh) % 256).join('.');
  const range = /^([\d.]+)\s*-\s*([\d.]+)$/.exec(s);
  const cidr = /^([\d.]+)\/(\d{1,2})$/.exec(s);
  let from: number;
  let to: number;
  if (range && isIPv4(range[1]!) && isIPv4(range[2]!)) {
    from = toInt(range[1]!);
    to = toInt(range[2]!);
  } else if (cidr && isIPv4(cidr[1]!) && Number(cidr[2]) >= 16 && Number(cidr[2]) <= 32) {
    const size = 2 ** (32 - Number(cidr[2]));
    from = Math.floor(toInt(cidr[1]!) / size) * size;
    to = from + size - 1;
  } else if (isIPv4(s)) {
    return [s];
  } else {
    throw new Error('give an IPv4 address, a range a.b.c.d-a.b.c.e, or a /16–/32 block');
  }
  if (to < from) throw new Error('range end is before its start');
  if (to - from + 1 > MAX_PROBE_TARGETS) throw new Error(`at most ${MAX_PROBE_TARGETS} addresses per scan`);
  const out: string[] = [];
  for (let n = from; n <= to; n++) out.push(toIp(n));
  return out;
}

export interface ProbeOptions {
  /** Unicast targets (multicast does not cross subnets). */
  targets: string[];
  port?: number;
  /** Also send to 239.255.255.250 — only on a real LAN or inside a test's own network namespace. */
  multicast?: boolean;
  timeoutMs?: number;
  bindAddress?: string;
}

/** Sends Probe messages and collects ProbeMatches until the timeout; duplicates by endpoint merged. */
export async function probe(options: ProbeOptions): Promise<DiscoveredDevice[]> {
  const port = options.port ?? WS_DISCOVERY_PORT;
  const socket = createSocket({ type: 'udp4', reuseAddr: true });
  const found = new Map<string, DiscoveredDevice>();
  const messageId = `uuid:${randomUUID()}`;
  const message = Buffer.from(probeMessage(messageId));
  socket.on('message', (msg, rinfo) => {
    if (msg.length > 64 * 1024) return;
    const text = msg.toString('utf8');
    if (!text.includes(messageId)) return;
    for (const d of parseProbeMatches(text, rinfo.address)) {
      const known = found.get(d.endpoint);
      found.set(d.endpoint, known ? { ...known, xaddrs: [...new Set([...known.xaddrs, ...d.xaddrs])] } : d);
    }
  });
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.bind(0, options.bindAddress, () => resolve()));
  try {
    const sends = options.targets.slice(0, MAX_PROBE_TARGETS).map((host) => ({ host, port }));
    if (options.multicast) sends.push({ host: WS_DISCOVERY_GROUP, port });
    for (const { host, port: p } of sends) {
      await new Promise<void>((resolve) => socket.send(message, p, host, () => resolve()));
    }
    await new Promise((r) => setTimeout(r, options.timeoutMs ?? 1500));
  } finally {
    socket.close();
  }
  return [...found.values()];
}
