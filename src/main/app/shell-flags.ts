import type { DisplayLayout } from '../../shared/domain/displays';

export interface ShellFlags {
  /** `--kiosk-wall` / `--kiosk-wall=false` / `--no-kiosk-wall`: wins over the saved wallKiosk pref. */
  kioskWall: boolean | undefined;
}

/** Reads the shell's own switches; everything else on the command line is Chromium's or Electron's. */
export function parseShellFlags(argv: readonly string[]): ShellFlags {
  let kioskWall: boolean | undefined;
  for (const arg of argv) {
    if (arg === '--kiosk-wall' || arg === '--kiosk-wall=true') kioskWall = true;
    else if (arg === '--no-kiosk-wall' || arg === '--kiosk-wall=false') kioskWall = false;
  }
  return { kioskWall };
}

/** The layout as the shell should build it: the command-line kiosk switch applied to the wall. */
export function applyKioskOverride(layout: DisplayLayout, kioskWall: boolean | undefined): DisplayLayout {
  if (kioskWall === undefined) return layout;
  return { ...layout, windows: layout.windows.map((w) => (w.role === 'wall' ? { ...w, kiosk: kioskWall } : w)) };
}
