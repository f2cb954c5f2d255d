/**
 * Window keys name a window's role rather than its handle, so saved bounds follow the role:
 * the main station, the station on a given display, the wall.
 */
export const MAIN_STATION_KEY = 'station:primary';
export const WALL_KEY = 'wall';
const STATION_PREFIX = 'station:';

export const stationKeyFor = (displayId: string) => `${STATION_PREFIX}${displayId}`;

/** A station window tied to one particular (non-primary) display. */
export function isDisplayStationKey(key: string): boolean {
  return key.startsWith(STATION_PREFIX) && key !== MAIN_STATION_KEY && key.length > STATION_PREFIX.length;
}

/** Keys the shell may save bounds under: short, printable, one of the shapes above. */
export function isValidWindowKey(key: string): boolean {
  return key.length <= 120 && (key === WALL_KEY || key === MAIN_STATION_KEY || (isDisplayStationKey(key) && /^[\x21-\x7e]+$/.test(key)));
}
