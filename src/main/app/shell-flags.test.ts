import { describe, expect, it } from 'vitest';
import type { DisplayLayout } from '../../shared/domain/displays';
import { applyKioskOverride, parseShellFlags } from './shell-flags';

describe('parseShellFlags', () => {
  it.each([
    [[], undefined],
    [['--kiosk-wall'], true],
    [['--kiosk-wall=true'], true],
    [['--kiosk-wall=false'], false],
    [['--no-kiosk-wall'], false],
    [['--kiosk-wall', '--no-kiosk-wall'], false],
    [['--kiosk-walls', 'kiosk-wall', '--kiosk'], undefined],
  ])('%j → %s', (argv, expected) => {
    expect(parseShellFlags(['/usr/bin/ioc-console', ...argv]).kioskWall).toBe(expected);
  });
});

describe('applyKioskOverride', () => {
  const layout: DisplayLayout = {
    displays: [],
    prefs: { wallDisplay: 'auto', wallKiosk: false, stationOnEveryDisplay: false },
    windows: [
      { key: 'station:primary', role: 'station', displayId: '1', bounds: { x: 0, y: 0, width: 10, height: 10 }, kiosk: false, fullscreen: false },
      { key: 'wall', role: 'wall', displayId: '2', bounds: { x: 10, y: 0, width: 10, height: 10 }, kiosk: false, fullscreen: true },
    ],
  };

  it('turns the wall (only) into kiosk when the flag says so', () => {
    const result = applyKioskOverride(layout, true);
    expect(result.windows.map((w) => w.kiosk)).toEqual([false, true]);
    expect(layout.windows[1]!.kiosk).toBe(false);
  });

  it('can force kiosk off, and changes nothing without the flag', () => {
    const kiosk = applyKioskOverride(layout, true);
    expect(applyKioskOverride(kiosk, false).windows[1]!.kiosk).toBe(false);
    expect(applyKioskOverride(layout, undefined)).toBe(layout);
  });
});
