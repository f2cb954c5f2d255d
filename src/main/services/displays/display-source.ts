import type { DisplayInfo } from '../../../shared/domain/displays';
import type { Event } from '../../../shared/lib/emitter';

/**
 * Where the station's displays come from: Electron's `screen` in the shell, nothing at all on
 * the headless host, a fixed list in tests. Kept free of electron so the layout logic runs
 * under plain Node.
 */
export interface DisplaySource {
  list(): DisplayInfo[];
  /** Fires when a display is added, removed, or changes geometry or scale. */
  readonly onDidChange: Event<void>;
}
