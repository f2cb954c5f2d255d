import type { DisplayInfo, Rect, WindowPlan } from '../../shared/domain/displays';

/** A window the shell has open: the plan it was placed with and where it is now. */
export interface OpenWindow {
  plan: WindowPlan;
  bounds: Rect;
}

export interface WindowChanges {
  /** Keys no longer in the plan. */
  close: string[];
  /** Plans with no window yet. */
  create: WindowPlan[];
  /** Walls whose display or kiosk mode changed: rebuilt, as leaving full screen to move is unreliable. */
  recreate: WindowPlan[];
  /** Stations that are no longer inside their planned work area: moved and resized. */
  move: WindowPlan[];
}

/**
 * What must happen to the open windows to match a new plan. Windows that are fine stay
 * untouched: a station the operator has placed inside its display is never yanked back.
 */
export function reconcileWindows(open: ReadonlyMap<string, OpenWindow>, plans: readonly WindowPlan[], displays: readonly DisplayInfo[]): WindowChanges {
  const planned = new Set(plans.map((p) => p.key));
  const changes: WindowChanges = { close: [...open.keys()].filter((k) => !planned.has(k)), create: [], recreate: [], move: [] };
  for (const plan of plans) {
    const current = open.get(plan.key);
    if (!current) {
      changes.create.push(plan);
    } else if (plan.role === 'wall') {
      const same = current.plan.displayId === plan.displayId && current.plan.kiosk === plan.kiosk && current.plan.fullscreen === plan.fullscreen && sameRect(current.plan.bounds, plan.bounds);
      if (!same) changes.recreate.push(plan);
    } else {
      const workArea = displays.find((d) => d.id === plan.displayId)?.workArea;
      if (!workArea || !contains(workArea, current.bounds)) changes.move.push(plan);
    }
  }
  return changes;
}

function contains(outer: Rect, inner: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

function sameRect(a: Rect, b: Rect): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}
