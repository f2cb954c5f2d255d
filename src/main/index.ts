import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, Menu, safeStorage, screen, session } from 'electron';
import { methodNames } from '../shared/contract';
import { PRELOAD_METHODS_ARG } from '../shared/contract/preload-api';
import { attachMediaGateway, registerAppScheme, serveRenderer } from './app/app-protocol';
import { APP_ORIGIN, devServerOrigin, rendererUrl } from './app/app-url';
import { ElectronDisplaySource } from './app/electron-display-source';
import { guardWebContents, hardenSession } from './app/guard-web-contents';
import { stationMenuTemplate } from './app/menu-template';
import { SafeStorageKeyProvider } from './app/safe-storage-key-provider';
import { ShellController } from './app/shell-controller';
import { parseShellFlags } from './app/shell-flags';
import { WallFollowsStation } from './app/wall-follows-station';
import { WindowManager } from './app/window-manager';
import { createConsoleCore } from './core';
import { IpcTransport } from './ipc/register-ipc';
import { createConsoleLogger } from './services/log/logger';
import { FileKeyProvider } from './services/secrets/file-key-provider';

/**
 * The Electron shell: windows, displays, kiosk, the app:// protocol and the IPC transport
 * around the same core the headless host runs. Built to out/main/index.js.
 */
const here = dirname(fileURLToPath(import.meta.url));
const log = createConsoleLogger('shell');
const flags = parseShellFlags(process.argv);
const dev = !app.isPackaged;
const devServerUrl = dev ? process.env.ELECTRON_RENDERER_URL : undefined;
const devOrigin = devServerOrigin(devServerUrl);
const trustedOrigins = devOrigin ? [APP_ORIGIN, devOrigin] : [APP_ORIGIN];

// Both must happen before the app is ready.
registerAppScheme();
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another console already runs on this desktop; it brings its main window forward.
  app.quit();
} else {
  start().catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    log.error('the console could not start', { err });
    dialog.showErrorBox('IOC Console không khởi động được / could not start', message);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, trustedOrigins, log));
  await app.whenReady();

  hardenSession(session.defaultSession, trustedOrigins, log);
  serveRenderer(session.defaultSession, join(here, '../renderer'));
  Menu.setApplicationMenu(Menu.buildFromTemplate(stationMenuTemplate({ dev })));

  const dataDir = app.getPath('userData');
  const fileKeys = new FileKeyProvider({ dir: dataDir });
  const displaySource = new ElectronDisplaySource(screen);
  const core = await createConsoleCore({
    dataDir,
    resourcesDir: app.isPackaged ? join(process.resourcesPath, 'resources') : join(app.getAppPath(), 'resources'),
    host: 'electron',
    version: app.getVersion(),
    keyProvider: new SafeStorageKeyProvider({ dataDir, safeStorage, fallback: fileKeys, fallbackKeyPath: fileKeys.path, log }),
    displaySource,
    log,
  });

  attachMediaGateway(core.media);
  const ipc = new IpcTransport({ router: core.router, hub: core.hub, sessions: core.sessions, trustedOrigins });
  const walls = new WallFollowsStation((follower, leader) => core.sessions.follow(follower, leader), log);
  const windows = new WindowManager({
    env: {
      preloadPath: join(here, '../preload/index.cjs'),
      dev,
      additionalArguments: [`${PRELOAD_METHODS_ARG}${methodNames.join(',')}`],
    },
    rendererUrl: (role) => rendererUrl(role, devServerUrl),
    onWindowCreated: (window, plan) => {
      const sessionId = ipc.track(window.webContents);
      if (sessionId) walls.windowOpened(plan, sessionId);
    },
    saveBounds: (key, bounds) => core.displays.saveWindowBounds(key, bounds),
    onMainStationClosed: () => app.quit(),
    log,
  });
  const shell = new ShellController({ layouts: core.displays, windows, kioskWall: flags.kioskWall, log });

  app.on('second-instance', () => windows.focusMain());
  app.on('window-all-closed', () => app.quit());
  quitAfterShutdown(async () => {
    shell.dispose();
    windows.dispose();
    ipc.dispose();
    displaySource.dispose();
    await core.dispose();
  });

  await shell.start();
}

/** Holds the quit until the core has flushed and closed its files, then lets it proceed. */
function quitAfterShutdown(shutdown: () => Promise<void>): void {
  let state: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('will-quit', (event) => {
    if (state === 'stopped') return;
    event.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    shutdown()
      .catch((err: unknown) => log.error('shutdown failed', { err }))
      .finally(() => {
        state = 'stopped';
        app.quit();
      });
  });
}
