import type { Display, Screen } from 'electron';
import type { DisplayInfo } from '../../shared/domain/displays';
import { Emitter } from '../../shared/lib/emitter';
import type { Disposable } from '../../shared/lib/lifecycle';
import type { DisplaySource } from '../services/displays/display-source';

/** The parts of Electron's `screen` this source uses; injected, so tests can drive a fake. */
export type ScreenLike = Pick<Screen, 'getAllDisplays' | 'getPrimaryDisplay' | 'on' | 'removeListener'>;

export function toDisplayInfo(display: Display, primaryId: number, index: number): DisplayInfo {
  const rect = (r: Display['bounds']) => ({ x: r.x, y: r.y, width: r.width, height: r.height });
  return {
    id: String(display.id),
    label: display.label?.trim() || `Màn hình ${index + 1}`,
    bounds: rect(display.bounds),
    workArea: rect(display.workArea),
    scaleFactor: display.scaleFactor > 0 ? display.scaleFactor : 1,
    primary: display.id === primaryId,
  };
}

/**
 * Electron's displays as a DisplaySource. Plugging a monitor in fires a burst of screen events
 * (added, then several metrics changes as the desktop settles); they reach listeners as one
 * change after `settleMs` of quiet.
 */
export class ElectronDisplaySource implements DisplaySource, Disposable {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listener = () => {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changed.fire();
    }, this.settleMs);
  };

  constructor(
    private readonly screen: ScreenLike,
    private readonly settleMs = 300,
  ) {
    screen.on('display-added', this.listener);
    screen.on('display-removed', this.listener);
    screen.on('display-metrics-changed', this.listener);
  }

  list(): DisplayInfo[] {
    const primaryId = this.screen.getPrimaryDisplay().id;
    return this.screen.getAllDisplays().map((d, i) => toDisplayInfo(d, primaryId, i));
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.screen.removeListener('display-added', this.listener);
    this.screen.removeListener('display-removed', this.listener);
    this.screen.removeListener('display-metrics-changed', this.listener);
    this.changed.dispose();
  }
}
