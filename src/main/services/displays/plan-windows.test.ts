import { describe, expect, it } from 'vitest';
import type { DisplayInfo, DisplayPrefs, Rect, WindowPlan } from '../../../shared/domain/displays';
import { windowPlanSchema } from '../../../shared/domain/displays';
import { clampToWorkArea } from './geometry';
import { matchDisplay, pickWallDisplay, planWindows, sortDisplays } from './plan-windows';
import type { SavedWindowBounds } from './saved-bounds';

/** A display with a 40 px taskbar at the bottom of its work area. */
function display(id: string, x: number, y: number, width: number, height: number, opts: { primary?: boolean; scale?: number } = {}): DisplayInfo {
  return {
    id,
    label: `Display ${id}`,
    bounds: { x, y, width, height },
    workArea: { x, y, width, height: height - 40 },
    scaleFactor: opts.scale ?? 1,
    primary: opts.primary ?? false,
  };
}

const prefs = (patch: Partial<DisplayPrefs> = {}): DisplayPrefs => ({ wallDisplay: 'auto', wallKiosk: false, stationOnEveryDisplay: false, ...patch });
const rect = (x: number, y: number, width: number, height: number): Rect => ({ x, y, width, height });
const summary = (plans: WindowPlan[]) => plans.map((p) => `${p.key}@${p.displayId}${p.kiosk ? '+kiosk' : ''}${p.fullscreen ? '+fs' : ''}`);

const laptop = display('1', 0, 0, 1920, 1080, { primary: true });
const tv = display('2', 1920, 0, 3840, 2160);
const side = display('3', -1280, 0, 1280, 1024);

describe('planWindows: who goes where', () => {
  const cases: Array<{ name: string; displays: DisplayInfo[]; prefs: DisplayPrefs; expected: string[] }> = [
    { name: 'no displays (headless)', displays: [], prefs: prefs(), expected: [] },
    { name: 'one display: a station, never a wall', displays: [laptop], prefs: prefs(), expected: ['station:primary@1'] },
    { name: 'one display, wall named on it: still no wall', displays: [laptop], prefs: prefs({ wallDisplay: '1' }), expected: ['station:primary@1'] },
    { name: 'two displays, auto wall', displays: [laptop, tv], prefs: prefs(), expected: ['station:primary@1', 'wall@2+fs'] },
    { name: 'auto wall in kiosk', displays: [laptop, tv], prefs: prefs({ wallKiosk: true }), expected: ['station:primary@1', 'wall@2+kiosk+fs'] },
    { name: 'wall off (null)', displays: [laptop, tv], prefs: prefs({ wallDisplay: null }), expected: ['station:primary@1'] },
    { name: 'wall off, station on every display', displays: [laptop, tv], prefs: prefs({ wallDisplay: null, stationOnEveryDisplay: true }), expected: ['station:primary@1', 'station:2@2'] },
    { name: 'named wall display', displays: [laptop, tv, side], prefs: prefs({ wallDisplay: '3' }), expected: ['station:primary@1', 'wall@3+fs'] },
    { name: 'named wall display unplugged: no wall, no crash', displays: [laptop, tv], prefs: prefs({ wallDisplay: '3' }), expected: ['station:primary@1'] },
    {
      name: 'three displays, stations on the rest, sorted left to right',
      displays: [tv, side, laptop],
      prefs: prefs({ stationOnEveryDisplay: true, wallDisplay: null }),
      expected: ['station:primary@1', 'station:3@3', 'station:2@2'],
    },
    {
      name: 'three displays, wall takes the largest, station on the other',
      displays: [laptop, side, tv],
      prefs: prefs({ stationOnEveryDisplay: true }),
      expected: ['station:primary@1', 'station:3@3', 'wall@2+fs'],
    },
    {
      name: 'wall named on the primary: main station moves to the next display',
      displays: [laptop, tv],
      prefs: prefs({ wallDisplay: '1' }),
      expected: ['station:primary@2', 'wall@1+fs'],
    },
  ];

  it.each(cases)('$name', ({ displays, prefs: p, expected }) => {
    const plans = planWindows(displays, p, {});
    expect(summary(plans)).toEqual(expected);
    for (const plan of plans) expect(windowPlanSchema.parse(plan)).toEqual(plan);
  });

  it('is deterministic whatever order the displays arrive in', () => {
    const p = prefs({ stationOnEveryDisplay: true });
    const a = planWindows([laptop, tv, side], p, {});
    expect(planWindows([side, tv, laptop], p, {})).toEqual(a);
    expect(planWindows([tv, laptop, side], p, {})).toEqual(a);
  });

  it('fills the display with the wall and the work area with a default station', () => {
    const [station, wall] = planWindows([laptop, tv], prefs(), {});
    expect(station!.bounds).toEqual(laptop.workArea);
    expect(wall!.bounds).toEqual(tv.bounds);
  });

  it('treats a missing primary flag as "first in order" rather than failing', () => {
    const a = display('a', 0, 0, 1920, 1080);
    const b = display('b', 1920, 0, 1920, 1080);
    expect(summary(planWindows([b, a], prefs(), {}))).toEqual(['station:primary@a', 'wall@b+fs']);
  });

  it('ignores a duplicated display id instead of planning two windows on it', () => {
    expect(summary(planWindows([laptop, tv, { ...tv, label: 'again' }], prefs({ wallDisplay: null, stationOnEveryDisplay: true }), {}))).toEqual([
      'station:primary@1',
      'station:2@2',
    ]);
  });
});

describe('pickWallDisplay with auto', () => {
  it('prefers physical pixels: a 4K screen at 200 % beats 1440p at 100 %', () => {
    const hiDpi = display('hidpi', 1920, 0, 1920, 1080, { scale: 2 });
    const qhd = display('qhd', 3840, 0, 2560, 1440, { scale: 1 });
    expect(pickWallDisplay(sortDisplays([laptop, qhd, hiDpi]), { wallDisplay: 'auto' })?.id).toBe('hidpi');
  });

  it('breaks an exact tie by position, whatever the input order', () => {
    const left = display('z-left', -1920, 0, 1920, 1080);
    const right = display('a-right', 1920, 0, 1920, 1080);
    expect(pickWallDisplay(sortDisplays([laptop, right, left]), { wallDisplay: 'auto' })?.id).toBe('z-left');
    expect(pickWallDisplay(sortDisplays([left, laptop, right]), { wallDisplay: 'auto' })?.id).toBe('z-left');
  });

  it('never picks the primary display', () => {
    const hugePrimary = display('p', 0, 0, 7680, 4320, { primary: true });
    expect(pickWallDisplay(sortDisplays([hugePrimary, display('s', 7680, 0, 800, 600)]), { wallDisplay: 'auto' })?.id).toBe('s');
  });
});

describe('saved bounds', () => {
  const saved = (entries: SavedWindowBounds) => entries;

  it('restores a station where the operator left it', () => {
    const plans = planWindows([laptop, tv], prefs({ wallDisplay: null }), saved({ 'station:primary': { displayId: '1', display: laptop.bounds, bounds: rect(100, 50, 1200, 800) } }));
    expect(plans[0]).toMatchObject({ displayId: '1', bounds: rect(100, 50, 1200, 800) });
  });

  it('follows the display when its id changed after a reboot but its geometry did not', () => {
    const rebootedLaptop = { ...laptop, id: '101' };
    const rebootedTv = { ...tv, id: '102' };
    const plans = planWindows(
      [rebootedLaptop, rebootedTv],
      prefs({ wallDisplay: null, stationOnEveryDisplay: true }),
      saved({
        'station:primary': { displayId: '1', display: laptop.bounds, bounds: rect(10, 20, 900, 700) },
        'station:2': { displayId: '2', display: tv.bounds, bounds: rect(2000, 100, 1600, 900) },
      }),
    );
    expect(plans).toEqual([
      expect.objectContaining({ key: 'station:primary', displayId: '101', bounds: rect(10, 20, 900, 700) }),
      expect.objectContaining({ key: 'station:102', displayId: '102', bounds: rect(2000, 100, 1600, 900) }),
    ]);
  });

  it('falls back to defaults when the saved display is gone', () => {
    const plans = planWindows(
      [laptop],
      prefs(),
      saved({ 'station:primary': { displayId: '2', display: tv.bounds, bounds: rect(2000, 100, 1600, 900) } }),
    );
    expect(plans).toEqual([expect.objectContaining({ key: 'station:primary', displayId: '1', bounds: laptop.workArea })]);
  });

  it('restores a station on another display than its home when that is where it was left', () => {
    const plans = planWindows([laptop, tv, side], prefs({ wallDisplay: null }), saved({ 'station:primary': { displayId: '3', display: side.bounds, bounds: rect(-1200, 10, 1000, 700) } }));
    expect(plans[0]).toMatchObject({ displayId: '3', bounds: rect(-1200, 10, 1000, 700) });
  });

  it('never restores a station underneath the wall', () => {
    const plans = planWindows([laptop, tv], prefs(), saved({ 'station:primary': { displayId: '2', display: tv.bounds, bounds: rect(2000, 100, 1600, 900) } }));
    expect(plans[0]).toMatchObject({ displayId: '1', bounds: laptop.workArea });
  });

  it('keeps the wall filling its display whatever was saved for it', () => {
    const plans = planWindows([laptop, tv], prefs(), saved({ wall: { displayId: '2', display: tv.bounds, bounds: rect(2000, 10, 300, 300) } }));
    expect(plans[1]).toMatchObject({ key: 'wall', bounds: tv.bounds });
  });

  it('handles negative coordinates of a display left of the primary', () => {
    const plans = planWindows(
      [laptop, side],
      prefs({ wallDisplay: null, stationOnEveryDisplay: true }),
      saved({ 'station:3': { displayId: '3', display: side.bounds, bounds: rect(-1500, -200, 1000, 700) } }),
    );
    // Off the left and top edges: pulled back inside the side display's work area.
    expect(plans[1]).toMatchObject({ key: 'station:3', displayId: '3', bounds: rect(-1280, 0, 1000, 700) });
  });

  it('moves a window with its display when the display was re-arranged', () => {
    const moved = { ...side, bounds: rect(1920, 0, 1280, 1024), workArea: rect(1920, 0, 1280, 984) };
    const plans = planWindows(
      [laptop, moved],
      prefs({ wallDisplay: null, stationOnEveryDisplay: true }),
      saved({ 'station:3': { displayId: '3', display: side.bounds, bounds: rect(-1180, 100, 800, 600) } }),
    );
    expect(plans[1]).toMatchObject({ displayId: '3', bounds: rect(2020, 100, 800, 600) });
  });

  it('shrinks a window saved on a bigger display when the display came back smaller (mixed scale)', () => {
    // The same monitor id now reports 200 % scaling: half the DIP size.
    const scaled = { ...tv, bounds: rect(1920, 0, 1920, 1080), workArea: rect(1920, 0, 1920, 1040), scaleFactor: 2 };
    const plans = planWindows(
      [laptop, scaled],
      prefs({ wallDisplay: null, stationOnEveryDisplay: true }),
      saved({ 'station:2': { displayId: '2', display: tv.bounds, bounds: rect(2200, 300, 3000, 1800) } }),
    );
    expect(plans[1]).toMatchObject({ displayId: '2', bounds: rect(1920, 0, 1920, 1040) });
  });

  it('does not adopt a vanished display\'s bounds when the geometry differs', () => {
    const other = display('9', 1920, 0, 2560, 1440);
    const plans = planWindows(
      [laptop, other],
      prefs({ wallDisplay: null, stationOnEveryDisplay: true }),
      saved({ 'station:2': { displayId: '2', display: tv.bounds, bounds: rect(2000, 100, 1600, 900) } }),
    );
    expect(plans[1]).toMatchObject({ key: 'station:9', bounds: other.workArea });
  });
});

describe('clampToWorkArea', () => {
  const wa = rect(0, 0, 1920, 1040);
  const cases: Array<[string, Rect, Rect]> = [
    ['inside stays put', rect(100, 100, 800, 600), rect(100, 100, 800, 600)],
    ['off the right edge', rect(1800, 100, 800, 600), rect(1120, 100, 800, 600)],
    ['off the bottom edge', rect(100, 1000, 800, 600), rect(100, 440, 800, 600)],
    ['larger than the area', rect(-50, -50, 5000, 3000), rect(0, 0, 1920, 1040)],
    ['too small to use', rect(10, 10, 20, 20), rect(10, 10, 480, 320)],
    ['fractional', rect(10.4, 10.6, 800.5, 600.4), rect(10, 11, 801, 600)],
    ['not a number', rect(Number.NaN, 0, 800, 600), wa],
    ['infinite', rect(0, 0, Number.POSITIVE_INFINITY, 600), wa],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(clampToWorkArea(input, wa)).toEqual(expected);
  });

  it('keeps a window inside a work area with negative origin', () => {
    expect(clampToWorkArea(rect(0, 0, 800, 600), rect(-1280, -200, 1280, 984))).toEqual(rect(-800, 0, 800, 600));
  });

  it('lets a tiny work area win over the minimum size', () => {
    expect(clampToWorkArea(rect(0, 0, 100, 100), rect(0, 0, 400, 300))).toEqual(rect(0, 0, 400, 300));
  });
});

describe('matchDisplay', () => {
  it('prefers the id, then identical geometry, then nothing', () => {
    const rebooted = { ...tv, id: '7' };
    expect(matchDisplay({ displayId: '2', display: tv.bounds }, [laptop, tv])?.id).toBe('2');
    expect(matchDisplay({ displayId: '2', display: tv.bounds }, [laptop, rebooted])?.id).toBe('7');
    expect(matchDisplay({ displayId: '2', display: tv.bounds }, [laptop])).toBeUndefined();
    // The id wins even when the geometry changed (a resolution switch).
    expect(matchDisplay({ displayId: '1', display: rect(0, 0, 1280, 720) }, [laptop])?.id).toBe('1');
  });
});
