import { randomUUID } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { escapeXml as x, textOf } from './soap';

export interface DiscoverableDevice {
  endpoint: string;
  xaddr: string;
  scopes: string[];
  types: string;
}

export interface WsDiscoveryResponderOptions {
  /** Where to listen: 127.0.0.1 for unicast probes; inside a test's network namespace it can join 239.255.255.250. */
  address: string;
  /** 3702 is the standard port; 0 picks a free one (unicast tests). */
  port: number;
  devices: () => DiscoverableDevice[];
  /** Join the WS-Discovery multicast group; only ever inside a network namespace the caller created. */
  multicast?: boolean;
}

/** Answers WS-Discovery Probe messages with a ProbeMatches for every simulated device. */
export class WsDiscoveryResponder {
  private socket: Socket | null = null;
  probes = 0;

  constructor(private readonly options: WsDiscoveryResponderOptions) {}

  async start(): Promise<{ address: string; port: number }> {
    const socket = createSocket({ type: 'udp4', reuseAddr: true });
    socket.on('message', (msg, rinfo) => this.onMessage(msg, rinfo.address, rinfo.port));
    socket.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.options.port, this.options.multicast ? undefined : this.options.address, () => resolve());
    });
    if (this.options.multicast) socket.addMembership('239.255.255.250');
    this.socket = socket;
    const bound = socket.address();
    return { address: bound.address, port: bound.port };
  }

  dispose(): void {
    this.socket?.close();
    this.socket = null;
  }

  private onMessage(msg: Buffer, address: string, port: number): void {
    if (msg.length > 64 * 1024) return;
    const xml = msg.toString('utf8');
    if (!/<(?:[\w-]+:)?Probe\b/.test(xml)) return;
    this.probes++;
    const relatesTo = textOf(xml, 'MessageID') ?? '';
    const matches = this.options.devices()
      .map(
        (d) =>
          `<d:ProbeMatch><wsa:EndpointReference><wsa:Address>${x(d.endpoint)}</wsa:Address></wsa:EndpointReference><d:Types>${x(d.types)}</d:Types>` +
          `<d:Scopes>${x(d.scopes.join(' '))}</d:Scopes><d:XAddrs>${x(d.xaddr)}</d:XAddrs><d:MetadataVersion>1</d:MetadataVersion></d:ProbeMatch>`,
      )
      .join('');
    const reply =
      `<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" ` +
      `xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl" xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><SOAP-ENV:Header>` +
      `<wsa:MessageID>uuid:${randomUUID()}</wsa:MessageID><wsa:RelatesTo>${x(relatesTo)}</wsa:RelatesTo><wsa:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:To>` +
      `<wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</wsa:Action></SOAP-ENV:Header><SOAP-ENV:Body><d:ProbeMatches>${matches}</d:ProbeMatches></SOAP-ENV:Body></SOAP-ENV:Envelope>`;
    this.socket?.send(reply, port, address);
  }
}
