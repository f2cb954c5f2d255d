import type { DisplayInfo, DisplayPrefs, Rect, WindowPlan } from '../../../shared/domain/displays';
import { clampToWorkArea, rectsEqual, translate } from './geometry';
import type { SavedWindow, SavedWindowBounds } from './saved-bounds';
import { isDisplayStationKey, MAIN_STATION_KEY, stationKeyFor, WALL_KEY } from './window-keys';

/**
 * Decides which window goes on which display. Pure: the same displays, prefs and saved bounds
 * always give the same plans in the same order (main station, other stations by display, wall).
 *
 * - The primary display carries the main station window.
 * - The wall goes on the display named in prefs, or with "auto" on the largest non-primary one;
 *   there is no wall when prefs say null, when the named display is absent, or with one display.
 * - A wall fills its display (kiosk when prefs say so); a station restores its saved bounds when
 *   the display it was saved on is still there (by id, else by identical geometry), clamped into
 *   that display's work area, and otherwise fills its display's work area.
 */
export function planWindows(displays: readonly DisplayInfo[], prefs: DisplayPrefs, saved: SavedWindowBounds): WindowPlan[] {
  const sorted = sortDisplays(displays);
  if (sorted.length === 0) return [];
  // Sorted primary-first, so a station without a flagged primary still has a home.
  const primary = sorted[0]!;
  const wall = pickWallDisplay(sorted, prefs);
  // A wall named on the primary display pushes the main station to the next display.
  const mainDisplay = primary === wall ? sorted.find((d) => d !== wall)! : primary;

  const plans: WindowPlan[] = [stationPlan(MAIN_STATION_KEY, mainDisplay, sorted, wall, saved)];
  if (prefs.stationOnEveryDisplay) {
    for (const display of sorted) {
      if (display === wall || display === mainDisplay) continue;
      plans.push(stationPlan(stationKeyFor(display.id), display, sorted, wall, saved));
    }
  }
  if (wall) {
    plans.push({ key: WALL_KEY, role: 'wall', displayId: wall.id, bounds: { ...wall.bounds }, kiosk: prefs.wallKiosk, fullscreen: true });
  }
  return plans;
}

/**
 * Primary first, then left to right, top to bottom, then by id: a stable order for output and
 * for breaking ties. Duplicate ids keep their first occurrence.
 */
export function sortDisplays(displays: readonly DisplayInfo[]): DisplayInfo[] {
  const seen = new Set<string>();
  const unique = displays.filter((d) => !seen.has(d.id) && seen.add(d.id));
  return unique.sort(
    (a, b) => Number(b.primary) - Number(a.primary) || a.bounds.x - b.bounds.x || a.bounds.y - b.bounds.y || compareIds(a.id, b.id),
  );
}

/**
 * The wall's display. "auto" takes the non-primary display with the most physical pixels (a 4K
 * screen at 200 % beats a 1440p one at 100 %, though its DIP size is smaller), then the larger
 * DIP area, then the sort order.
 */
export function pickWallDisplay(sorted: readonly DisplayInfo[], prefs: Pick<DisplayPrefs, 'wallDisplay'>): DisplayInfo | undefined {
  if (sorted.length < 2 || prefs.wallDisplay === null) return undefined;
  if (prefs.wallDisplay !== 'auto') return sorted.find((d) => d.id === prefs.wallDisplay);
  let best: DisplayInfo | undefined;
  // sorted[0] is the primary (flagged, or first in order when none is).
  for (const d of sorted.slice(1)) {
    if (!best || physicalArea(d) > physicalArea(best) || (physicalArea(d) === physicalArea(best) && area(d.bounds) > area(best.bounds))) best = d;
  }
  return best;
}

/** The display a saved window belongs to: the same id if it is still there, else the same geometry. */
export function matchDisplay(saved: Pick<SavedWindow, 'displayId' | 'display'>, displays: readonly DisplayInfo[]): DisplayInfo | undefined {
  return displays.find((d) => d.id === saved.displayId) ?? displays.find((d) => rectsEqual(d.bounds, saved.display));
}

function stationPlan(
  key: string,
  home: DisplayInfo,
  displays: readonly DisplayInfo[],
  wall: DisplayInfo | undefined,
  saved: SavedWindowBounds,
): WindowPlan {
  const entry = saved[key] ?? (isDisplayStationKey(key) ? adoptRenamedEntry(home, displays, saved) : undefined);
  const target = entry && matchDisplay(entry, displays);
  // A station is never restored underneath the wall: that display is the wall's alone.
  if (entry && target && target !== wall) {
    return station(key, target, clampToWorkArea(translate(entry.bounds, entry.display, target.bounds), target.workArea));
  }
  return station(key, home, { ...home.workArea });
}

/**
 * After a reboot a display can come back under a new id, so "station:<newId>" has nothing
 * saved while "station:<oldId>" does. Take the entry of a vanished display with this display's
 * exact geometry (first by key, for determinism).
 */
function adoptRenamedEntry(home: DisplayInfo, displays: readonly DisplayInfo[], saved: SavedWindowBounds): SavedWindow | undefined {
  const present = new Set(displays.map((d) => d.id));
  const key = Object.keys(saved)
    .filter(isDisplayStationKey)
    .sort(compareIds)
    .find((k) => !present.has(saved[k]!.displayId) && rectsEqual(saved[k]!.display, home.bounds));
  return key === undefined ? undefined : saved[key];
}

function station(key: string, display: DisplayInfo, bounds: Rect): WindowPlan {
  return { key, role: 'station', displayId: display.id, bounds, kiosk: false, fullscreen: false };
}

const area = (r: Rect) => r.width * r.height;
const physicalArea = (d: DisplayInfo) => area(d.bounds) * d.scaleFactor * d.scaleFactor;
const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
