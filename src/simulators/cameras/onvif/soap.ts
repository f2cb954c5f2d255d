/** SOAP 1.2 helpers for the simulator: just enough XML to answer ONVIF clients, built by hand. */
export const NS = {
  env: 'http://www.w3.org/2003/05/soap-envelope',
  tt: 'http://www.onvif.org/ver10/schema',
  tds: 'http://www.onvif.org/ver10/device/wsdl',
  trt: 'http://www.onvif.org/ver10/media/wsdl',
  tptz: 'http://www.onvif.org/ver20/ptz/wsdl',
  tev: 'http://www.onvif.org/ver10/events/wsdl',
  wsnt: 'http://docs.oasis-open.org/wsn/b-2',
  wsa: 'http://www.w3.org/2005/08/addressing',
  tns1: 'http://www.onvif.org/ver10/topics',
  ter: 'http://www.onvif.org/ver10/error',
  wstop: 'http://docs.oasis-open.org/wsn/t-1',
} as const;

export function envelope(body: string, header = ''): string {
  const xmlns = Object.entries(NS)
    .map(([prefix, uri]) => `xmlns:${prefix}="${uri}"`)
    .join(' ');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<env:Envelope ${xmlns}><env:Header>${header}</env:Header><env:Body>${body}</env:Body></env:Envelope>`;
}

export function fault(subcode: string, reason: string, code: 'env:Sender' | 'env:Receiver' = 'env:Sender'): string {
  return envelope(
    `<env:Fault><env:Code><env:Value>${code}</env:Value><env:Subcode><env:Value>${subcode}</env:Value></env:Subcode></env:Code>` +
      `<env:Reason><env:Text xml:lang="en">${escapeXml(reason)}</env:Text></env:Reason></env:Fault>`,
  );
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

export interface SoapRequest {
  /** Local name of the first element in the Body: the ONVIF operation. */
  action: string;
  xml: string;
}

const MAX_REQUEST_BYTES = 256 * 1024;

/** Finds the operation; null for anything that is not a SOAP envelope with a body. */
export function readSoapRequest(xml: string): SoapRequest | null {
  if (xml.length > MAX_REQUEST_BYTES) return null;
  const match = /<(?:[\w.-]+:)?Body\b[^>]*>\s*<(?:[\w.-]+:)?([A-Za-z][\w]*)/.exec(xml);
  return match ? { action: match[1]!, xml } : null;
}

/** Text of the first element with this local name, whatever its prefix. */
export function textOf(xml: string, localName: string): string | undefined {
  const match = new RegExp(`<(?:[\\w.-]+:)?${localName}\\b[^>]*>([^<]*)</(?:[\\w.-]+:)?${localName}>`).exec(xml);
  return match ? decodeXml(match[1]!.trim()) : undefined;
}

/** An attribute of the first element with this local name. */
export function attrOf(xml: string, localName: string, attr: string): string | undefined {
  const element = new RegExp(`<(?:[\\w.-]+:)?${localName}\\b([^>]*)/?>`).exec(xml);
  if (!element) return undefined;
  const value = new RegExp(`\\b${attr}="([^"]*)"`).exec(element[1]!);
  return value ? decodeXml(value[1]!) : undefined;
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos);/g, (_m, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e] ?? '');
}
