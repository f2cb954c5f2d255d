import { describe, expect, it } from 'vitest';
import type { DisplayInfo, Rect, WindowPlan } from '../../shared/domain/displays';
import { reconcileWindows, type OpenWindow } from './reconcile-windows';

const rect = (x: number, y: number, width: number, height: number): Rect => ({ x, y, width, height });
const display = (id: string, x: number): DisplayInfo => ({
  id,
  label: id,
  bounds: rect(x, 0, 1920, 1080),
  workArea: rect(x, 0, 1920, 1040),
  scaleFactor: 1,
  primary: x === 0,
});
const displays = [display('1', 0), display('2', 1920)];
const station = (key: string, displayId: string, bounds: Rect): WindowPlan => ({ key, role: 'station', displayId, bounds, kiosk: false, fullscreen: false });
const wall = (displayId: string, kiosk = false): WindowPlan => ({
  key: 'wall',
  role: 'wall',
  displayId,
  bounds: displays.find((d) => d.id === displayId)?.bounds ?? rect(0, 0, 1, 1),
  kiosk,
  fullscreen: true,
});
const open = (...entries: Array<[WindowPlan, Rect?]>) => new Map<string, OpenWindow>(entries.map(([plan, bounds]) => [plan.key, { plan, bounds: bounds ?? plan.bounds }]));

describe('reconcileWindows', () => {
  it('creates everything on the first plan', () => {
    const plans = [station('station:primary', '1', rect(0, 0, 1920, 1040)), wall('2')];
    expect(reconcileWindows(new Map(), plans, displays)).toEqual({ close: [], create: plans, recreate: [], move: [] });
  });

  it('leaves alone a station the operator moved within its display', () => {
    const plan = station('station:primary', '1', rect(0, 0, 1920, 1040));
    expect(reconcileWindows(open([plan, rect(300, 200, 800, 600)]), [plan], displays)).toEqual({ close: [], create: [], recreate: [], move: [] });
  });

  it('moves a station whose window is no longer inside its planned work area', () => {
    const before = station('station:primary', '1', rect(0, 0, 1920, 1040));
    const after = station('station:primary', '1', rect(100, 100, 1000, 700));
    // The window was on display 2, which went away: the OS left it hanging off display 1.
    expect(reconcileWindows(open([before, rect(1500, 100, 1000, 700)]), [after], [displays[0]!]).move).toEqual([after]);
  });

  it('moves a station whose planned display is unknown to the layout', () => {
    const plan = station('station:x', 'gone', rect(0, 0, 800, 600));
    expect(reconcileWindows(open([plan]), [plan], displays).move).toEqual([plan]);
  });

  it('closes the wall when its display is unplugged, keeps the station', () => {
    const s = station('station:primary', '1', rect(0, 0, 1920, 1040));
    expect(reconcileWindows(open([s], [wall('2')]), [s], [displays[0]!])).toEqual({ close: ['wall'], create: [], recreate: [], move: [] });
  });

  it('rebuilds the wall when its kiosk mode or display changes, and not otherwise', () => {
    expect(reconcileWindows(open([wall('2')]), [wall('2', true)], displays).recreate).toEqual([wall('2', true)]);
    expect(reconcileWindows(open([wall('2')]), [wall('1')], displays).recreate).toEqual([wall('1')]);
    expect(reconcileWindows(open([wall('2')]), [wall('2')], displays).recreate).toEqual([]);
  });

  it('opens the station of a newly plugged display', () => {
    const s = station('station:primary', '1', rect(0, 0, 1920, 1040));
    const added = station('station:2', '2', rect(1920, 0, 1920, 1040));
    expect(reconcileWindows(open([s]), [s, added], displays).create).toEqual([added]);
  });
});
