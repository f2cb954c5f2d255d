import type { WindowPlan } from '../../shared/domain/displays';
import type { Logger } from '../services/log/logger';
import { MAIN_STATION_KEY } from '../services/displays/window-keys';

/**
 * Pairs every video-wall window's session with the main station's, whichever opens first and
 * however often either is recreated (a display unplugged, kiosk mode toggled): a wall in kiosk
 * mode has nobody at it to sign in, so it shows what the station's operator may see.
 */
export class WallFollowsStation {
  private station: string | null = null;
  private readonly walls = new Set<string>();

  constructor(
    private readonly follow: (followerSessionId: string, leaderSessionId: string) => void,
    private readonly log: Logger,
  ) {}

  windowOpened(plan: Pick<WindowPlan, 'key' | 'role'>, sessionId: string): void {
    if (plan.key === MAIN_STATION_KEY) {
      this.station = sessionId;
      for (const wall of [...this.walls]) this.pair(wall);
    } else if (plan.role === 'wall') {
      this.walls.add(sessionId);
      this.pair(sessionId);
    }
  }

  private pair(wall: string): void {
    if (!this.station) return;
    try {
      this.follow(wall, this.station);
    } catch (err) {
      // The wall's window has closed since (its session with it): nothing left to pair.
      this.walls.delete(wall);
      this.log.info('wall window closed before it could follow the station', { err });
    }
  }
}
