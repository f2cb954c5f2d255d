import type { Logger } from '../log/logger';
import { OnvifError } from './onvif/onvif-error';
import type { OnvifClient, OnvifRawEvent } from './onvif/onvif-client';

/**
 * Keeps one pull-point subscription open on a device and hands its events on. Errors back
 * off (1 s → 60 s); a wrong password stops the pump, so a locked-out camera is left alone.
 */
export class EventPump {
  private stopped = false;
  private delayMs = 1000;

  constructor(
    private readonly connect: () => Promise<OnvifClient>,
    private readonly onEvents: (events: OnvifRawEvent[]) => void,
    private readonly onFatal: (err: OnvifError) => void,
    private readonly log: Logger,
  ) {}

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let client: OnvifClient | null = null;
      try {
        client = await this.connect();
        await client.createPullPoint();
        this.delayMs = 1000;
        while (!this.stopped) {
          const events = await client.pullMessages();
          if (events.length > 0 && !this.stopped) this.onEvents(events);
        }
        await client.unsubscribe().catch(() => undefined);
      } catch (err) {
        if (this.stopped) return;
        if (err instanceof OnvifError && (err.kind === 'auth' || err.kind === 'locked' || err.kind === 'unsupported')) {
          this.onFatal(err);
          return;
        }
        this.log.warn('camera events interrupted; retrying', { err, delayMs: this.delayMs });
        await new Promise((r) => setTimeout(r, this.delayMs));
        this.delayMs = Math.min(60_000, this.delayMs * 2);
      }
    }
  }
}
