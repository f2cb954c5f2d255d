import type { DisplayLayout } from '../../shared/domain/displays';
import type { Event } from '../../shared/lib/emitter';
import type { Disposable } from '../../shared/lib/lifecycle';
import { applyKioskOverride } from './shell-flags';

export interface LayoutSource {
  layout(): Promise<DisplayLayout>;
  readonly onDidChange: Event<void>;
}

export interface ShellWindows {
  apply(layout: DisplayLayout): void;
  /** Pending bounds saves go out first, so a re-plan sees where windows really are. */
  flushBoundsSaves(): void;
}

export interface ShellControllerOptions {
  layouts: LayoutSource;
  windows: ShellWindows;
  /** From `--kiosk-wall`; undefined leaves the saved pref in charge. */
  kioskWall?: boolean;
  log: { error(message: string, meta?: Record<string, unknown>): void };
}

/**
 * Keeps the windows in step with the display plan: plans once at start and again whenever the
 * displays or prefs change. A burst of changes while a plan is being applied collapses into
 * one more pass, so windows are never built from a stale plan nor rebuilt over and over.
 */
export class ShellController implements Disposable {
  private running: Promise<void> | undefined;
  private again = false;
  private disposed = false;
  private subscription: Disposable | undefined;

  constructor(private readonly options: ShellControllerOptions) {}

  async start(): Promise<void> {
    this.subscription ??= this.options.layouts.onDidChange(() => void this.replan());
    await this.replan();
  }

  replan(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.planOnce();
        } while (this.again && !this.disposed);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  dispose(): void {
    this.disposed = true;
    this.subscription?.dispose();
  }

  private async planOnce(): Promise<void> {
    try {
      this.options.windows.flushBoundsSaves();
      const layout = await this.options.layouts.layout();
      if (this.disposed) return;
      this.options.windows.apply(applyKioskOverride(layout, this.options.kioskWall));
    } catch (err) {
      // The windows stay as they are; the next display or prefs change tries again.
      this.options.log.error('could not apply the display plan', { err });
    }
  }
}
