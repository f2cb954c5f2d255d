import { describe, expect, it } from 'vitest';
import type { WindowPlan } from '../../shared/domain/displays';
import { browserWindowOptions, WINDOW_BACKGROUND } from './window-options';

const env = { preloadPath: '/app/out/preload/index.cjs', dev: false, additionalArguments: ['--ioc-methods=system.info'] };
const station: WindowPlan = { key: 'station:primary', role: 'station', displayId: '1', bounds: { x: 10, y: 20, width: 1200, height: 800 }, kiosk: false, fullscreen: false };
const wall: WindowPlan = { key: 'wall', role: 'wall', displayId: '2', bounds: { x: 1920, y: 0, width: 3840, height: 2160 }, kiosk: true, fullscreen: true };

describe('browserWindowOptions', () => {
  it.each([station, wall])('locks down the renderer of a $role window', (plan) => {
    const options = browserWindowOptions(plan, env);
    expect(options.webPreferences).toMatchObject({
      preload: env.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: false,
      additionalArguments: ['--ioc-methods=system.info'],
    });
    expect(options.backgroundColor).toBe(WINDOW_BACKGROUND);
    expect(options.show).toBe(false);
    expect(options).toMatchObject(plan.bounds);
  });

  it('makes the wall chrome-less, full screen and kiosk as planned', () => {
    expect(browserWindowOptions(wall, env)).toMatchObject({ frame: false, kiosk: true, fullscreen: true, autoHideMenuBar: true });
    expect(browserWindowOptions({ ...wall, kiosk: false }, env)).toMatchObject({ frame: false, kiosk: false, fullscreen: true });
  });

  it('gives a station a frame and a menu, never kiosk', () => {
    const options = browserWindowOptions(station, env);
    expect(options.frame).toBeUndefined();
    expect(options.kiosk).toBeUndefined();
    expect(options.autoHideMenuBar).toBe(false);
  });

  it('opens developer tools only in development', () => {
    expect(browserWindowOptions(station, { ...env, dev: true }).webPreferences?.devTools).toBe(true);
  });
});
