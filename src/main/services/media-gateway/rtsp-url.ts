/**
 * RTSP URLs come from cameras, files and operators: they are checked before they reach
 * ffmpeg's argument list (never a shell). Only rtsp:/rtsps:, a plain host, an optional port and
 * a path of RFC 3986 characters pass; everything else gets a reason.
 */
export const MAX_RTSP_URL_LENGTH = 2048;

export type RtspUrlCheck = { ok: true; url: string; redacted: string } | { ok: false; reason: string };

const HOSTNAME = /^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^\[[0-9A-Fa-f:.]+\]$/;
const PATH_AND_QUERY = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/;

export function checkRtspUrl(input: unknown): RtspUrlCheck {
  if (typeof input !== 'string') return { ok: false, reason: 'not a string' };
  if (input.length === 0) return { ok: false, reason: 'empty URL' };
  if (input.length > MAX_RTSP_URL_LENGTH) return { ok: false, reason: `longer than ${MAX_RTSP_URL_LENGTH} characters` };
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(input)) return { ok: false, reason: 'contains spaces or control characters' };
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(input);
  if (!scheme) return { ok: false, reason: 'not an absolute URL (rtsp://host/path)' };
  const protocol = scheme[1]!.toLowerCase();
  if (protocol !== 'rtsp' && protocol !== 'rtsps') return { ok: false, reason: `scheme ${protocol}: is not allowed; only rtsp: and rtsps:` };
  const rest = input.slice(scheme[0].length);
  const slash = rest.indexOf('/');
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const pathAndQuery = slash < 0 ? '' : rest.slice(slash);
  if (pathAndQuery.includes('#')) return { ok: false, reason: 'fragments are not allowed' };
  if (!PATH_AND_QUERY.test(pathAndQuery)) return { ok: false, reason: 'path has characters outside RFC 3986' };
  const at = authority.lastIndexOf('@');
  const userinfo = at < 0 ? null : authority.slice(0, at);
  const hostPort = at < 0 ? authority : authority.slice(at + 1);
  if (userinfo !== null && !/^[A-Za-z0-9\-._~!$&'()*+,;=%]+(:[A-Za-z0-9\-._~!$&'()*+,;=%:]*)?$/.test(userinfo)) {
    return { ok: false, reason: 'credentials must be percent-encoded' };
  }
  const portMatch = /^(.*?)(?::(\d{1,5}))?$/.exec(hostPort)!;
  const host = portMatch[1]!;
  if (portMatch[2] !== undefined) {
    const port = Number(portMatch[2]);
    if (port < 1 || port > 65535) return { ok: false, reason: 'port out of range' };
  }
  if (!(IPV4.test(host) || IPV6.test(host) || (HOSTNAME.test(host) && !/^\d+(\.\d+)*$/.test(host)))) {
    return { ok: false, reason: 'host is not a valid name or address' };
  }
  const redacted = userinfo === null ? input : `${scheme[0]}***@${rest.slice(at + 1)}`;
  return { ok: true, url: input, redacted };
}

/** Puts credentials into a checked URL, percent-encoded, so they never need to be typed into one. */
export function withCredentials(url: string, credentials: { username: string; password: string } | null): string {
  if (!credentials || !credentials.username) return url;
  const m = /^(rtsps?:\/\/)(?:[^@/]*@)?(.*)$/i.exec(url);
  if (!m) return url;
  return `${m[1]}${encodeURIComponent(credentials.username)}:${encodeURIComponent(credentials.password)}@${m[2]}`;
}
