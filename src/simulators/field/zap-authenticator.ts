import { Router, type Context } from 'zeromq';
import { z85Encode } from '../../shared/domain/field-keys';

/**
 * The controller side of "who may talk to us": a ZAP handler (ZeroMQ RFC 27) that admits a
 * CURVE client only if its public key is in the trust list. It must be bound in the same
 * ZeroMQ context as the sockets it guards, before they accept connections.
 */
export class ZapAuthenticator {
  denied = 0;
  admitted = 0;
  private readonly socket: Router;
  private running: Promise<void> | null = null;

  private constructor(
    context: Context,
    private readonly trusted: ReadonlySet<string>,
    private readonly onDenied: (publicKey: string, address: string) => void,
  ) {
    this.socket = new Router({ context, linger: 0 });
  }

  static async start(options: { context: Context; trusted: ReadonlySet<string>; onDenied?: ((publicKey: string, address: string) => void) | undefined }): Promise<ZapAuthenticator> {
    const zap = new ZapAuthenticator(options.context, options.trusted, options.onDenied ?? (() => {}));
    await zap.socket.bind('inproc://zeromq.zap.01');
    zap.running = zap.serve();
    return zap;
  }

  private async serve(): Promise<void> {
    try {
      for await (const frames of this.socket) {
        // [routing id, "", version, request id, domain, address, identity, mechanism, credentials...]
        const [routingId, delimiter, version, requestId, , address, , mechanism, credential] = frames;
        if (!routingId || !delimiter || !version || !requestId) continue;
        const key = mechanism?.toString() === 'CURVE' && credential?.length === 32 ? z85Encode(credential) : '';
        const ok = key !== '' && this.trusted.has(key);
        if (ok) this.admitted++;
        else {
          this.denied++;
          this.onDenied(key, address?.toString() ?? '');
        }
        await this.socket.send([routingId, delimiter, version, requestId, ok ? '200' : '400', ok ? 'OK' : 'public key not trusted', ok ? key : '', '']);
      }
    } catch (err) {
      if (!this.socket.closed) throw err;
    }
  }

  async dispose(): Promise<void> {
    this.socket.close();
    await this.running?.catch(() => {});
  }
}
