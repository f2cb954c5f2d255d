import type { BrowserWindowConstructorOptions } from 'electron';
import type { WindowPlan } from '../../shared/domain/displays';

/** The console's dark background, shown before the first paint so nothing flashes white. */
export const WINDOW_BACKGROUND = '#0b1118';

export interface WindowEnvironment {
  preloadPath: string;
  dev: boolean;
  /** Passed to the preload's process.argv (the contract's method names). */
  additionalArguments: readonly string[];
}

/**
 * BrowserWindow options for a planned window. The security settings are spelled out even where
 * they are Electron's defaults, so a future default change cannot loosen them unnoticed.
 */
export function browserWindowOptions(plan: WindowPlan, env: WindowEnvironment): BrowserWindowConstructorOptions {
  const common: BrowserWindowConstructorOptions = {
    ...plan.bounds,
    show: false,
    title: plan.role === 'wall' ? 'IOC — Màn hình tường' : 'IOC — Trung tâm điều hành',
    backgroundColor: WINDOW_BACKGROUND,
    webPreferences: {
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
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: env.dev,
      additionalArguments: [...env.additionalArguments],
    },
  };
  if (plan.role === 'wall') {
    return { ...common, kiosk: plan.kiosk, fullscreen: plan.fullscreen, frame: false, autoHideMenuBar: true, skipTaskbar: plan.kiosk };
  }
  return { ...common, minWidth: 480, minHeight: 320, autoHideMenuBar: false };
}
