import { BrowserWindow } from 'electron';
import type { DisplayLayout, Rect, WindowPlan, WindowRole } from '../../shared/domain/displays';
import type { Disposable } from '../../shared/lib/lifecycle';
import { MAIN_STATION_KEY } from '../services/displays/window-keys';
import { KeyedDebounce } from './keyed-debounce';
import { reconcileWindows, type OpenWindow } from './reconcile-windows';
import type { ShellWindows } from './shell-controller';
import { browserWindowOptions, type WindowEnvironment } from './window-options';

export interface WindowManagerOptions {
  env: WindowEnvironment;
  rendererUrl(role: WindowRole): string;
  /** Called before the page loads, so the window's IPC session exists by its first call. */
  onWindowCreated(window: BrowserWindow, plan: WindowPlan): void;
  saveBounds(key: string, bounds: Rect): void;
  /** The operator closed the main station: the console quits. */
  onMainStationClosed(): void;
  log: { warn(message: string, meta?: Record<string, unknown>): void; error(message: string, meta?: Record<string, unknown>): void };
  boundsSaveDelayMs?: number;
}

interface ManagedWindow {
  window: BrowserWindow;
  plan: WindowPlan;
}

/**
 * The thin Electron half of window planning: it creates, moves and closes BrowserWindows as
 * `reconcileWindows` decides, and reports where the operator moves station windows.
 */
export class WindowManager implements ShellWindows, Disposable {
  private readonly windows = new Map<string, ManagedWindow>();
  private readonly closingByPlan = new WeakSet<BrowserWindow>();
  private readonly saves: KeyedDebounce;
  private disposed = false;

  constructor(private readonly options: WindowManagerOptions) {
    this.saves = new KeyedDebounce(options.boundsSaveDelayMs ?? 400);
  }

  apply(layout: DisplayLayout): void {
    if (this.disposed) return;
    const open = new Map<string, OpenWindow>();
    for (const [key, { window, plan }] of this.windows) {
      if (!window.isDestroyed()) open.set(key, { plan, bounds: window.getNormalBounds() });
    }
    const changes = reconcileWindows(open, layout.windows, layout.displays);
    for (const key of changes.close) this.close(key);
    for (const plan of changes.recreate) {
      this.close(plan.key);
      this.create(plan);
    }
    for (const plan of changes.move) {
      const managed = this.windows.get(plan.key)!;
      if (managed.window.isFullScreen()) managed.window.setFullScreen(false);
      if (managed.window.isMaximized()) managed.window.unmaximize();
      managed.window.setBounds(plan.bounds);
    }
    for (const plan of changes.create) this.create(plan);
    for (const plan of layout.windows) {
      const managed = this.windows.get(plan.key);
      if (managed) managed.plan = plan;
    }
  }

  flushBoundsSaves(): void {
    this.saves.flush();
  }

  /** A second launch brings the main station forward instead of opening another console. */
  focusMain(): void {
    const main = this.windows.get(MAIN_STATION_KEY)?.window;
    if (!main || main.isDestroyed()) return;
    if (main.isMinimized()) main.restore();
    main.show();
    main.focus();
  }

  dispose(): void {
    if (this.disposed) return;
    this.saves.flush();
    this.disposed = true;
    this.saves.dispose();
    for (const key of [...this.windows.keys()]) this.close(key);
  }

  private create(plan: WindowPlan): void {
    const window = new BrowserWindow(browserWindowOptions(plan, this.options.env));
    const key = plan.key;
    this.windows.set(key, { window, plan });
    if (plan.role === 'wall') window.removeMenu();
    this.options.onWindowCreated(window, plan);

    window.once('ready-to-show', () => window.show());
    if (plan.role === 'station') {
      const save = () => this.scheduleSave(key, window);
      window.on('move', save);
      window.on('resize', save);
      // Where the operator left it, not where a display change pushed it.
      window.on('close', () => (this.closingByPlan.has(window) ? this.saves.cancel(key) : this.saves.flush(key)));
    }
    window.on('closed', () => {
      if (this.windows.get(key)?.window === window) this.windows.delete(key);
      if (key === MAIN_STATION_KEY && !this.closingByPlan.has(window) && !this.disposed) this.options.onMainStationClosed();
    });
    window.webContents.on('render-process-gone', (_event, details) => {
      this.options.log.error('window renderer gone', { key, reason: details.reason, exitCode: details.exitCode });
    });
    window.loadURL(this.options.rendererUrl(plan.role)).catch((err: unknown) => {
      this.options.log.error('window failed to load', { key, err });
    });
  }

  private close(key: string): void {
    const managed = this.windows.get(key);
    if (!managed) return;
    this.windows.delete(key);
    this.saves.cancel(key);
    if (managed.window.isDestroyed()) return;
    this.closingByPlan.add(managed.window);
    managed.window.close();
  }

  private scheduleSave(key: string, window: BrowserWindow): void {
    this.saves.schedule(key, () => {
      if (window.isDestroyed() || window.isMinimized() || window.isFullScreen()) return;
      try {
        this.options.saveBounds(key, window.getNormalBounds());
      } catch (err) {
        this.options.log.warn('window bounds not saved', { key, err });
      }
    });
  }
}
