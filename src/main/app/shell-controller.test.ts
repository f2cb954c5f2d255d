import { afterEach, describe, expect, it } from 'vitest';
import type { DisplayLayout } from '../../shared/domain/displays';
import { Emitter } from '../../shared/lib/emitter';
import { ShellController } from './shell-controller';

function layoutWith(kiosk: boolean, generation: number): DisplayLayout {
  return {
    displays: [],
    prefs: { wallDisplay: 'auto', wallKiosk: kiosk, stationOnEveryDisplay: false },
    windows: [{ key: 'wall', role: 'wall', displayId: String(generation), bounds: { x: 0, y: 0, width: 10, height: 10 }, kiosk, fullscreen: true }],
  };
}

class FakeLayouts {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  generation = 0;
  calls = 0;
  fail = false;
  async layout() {
    this.calls++;
    await new Promise((r) => setTimeout(r, 5));
    if (this.fail) throw new Error('settings unreadable');
    return layoutWith(false, this.generation);
  }
  change() {
    this.generation++;
    this.changed.fire();
  }
}

const controllers: ShellController[] = [];
afterEach(() => controllers.splice(0).forEach((c) => c.dispose()));

function make(kioskWall?: boolean) {
  const layouts = new FakeLayouts();
  const applied: DisplayLayout[] = [];
  const errors: string[] = [];
  let flushes = 0;
  const controller = new ShellController({
    layouts,
    windows: { apply: (l) => applied.push(l), flushBoundsSaves: () => flushes++ },
    kioskWall,
    log: { error: (m) => errors.push(m) },
  });
  controllers.push(controller);
  return { controller, layouts, applied, errors, flushes: () => flushes };
}

describe('ShellController', () => {
  it('plans once at start, flushing bounds first', async () => {
    const { controller, applied, flushes } = make();
    await controller.start();
    expect(applied).toHaveLength(1);
    expect(flushes()).toBe(1);
  });

  it('applies the --kiosk-wall override', async () => {
    const { controller, applied } = make(true);
    await controller.start();
    expect(applied[0]!.windows[0]!.kiosk).toBe(true);
  });

  it('collapses a burst of changes into one more pass that sees the latest displays', async () => {
    const { controller, layouts, applied } = make();
    await controller.start();
    for (let i = 0; i < 10; i++) layouts.change();
    await controller.replan();
    expect(layouts.calls).toBeLessThanOrEqual(3);
    expect(applied.at(-1)!.windows[0]!.displayId).toBe('10');
  });

  it('keeps the windows and logs when planning fails, and recovers on the next change', async () => {
    const { controller, layouts, applied, errors } = make();
    layouts.fail = true;
    await controller.start();
    expect(applied).toHaveLength(0);
    expect(errors).toEqual(['could not apply the display plan']);
    layouts.fail = false;
    layouts.change();
    await controller.replan();
    expect(applied.length).toBeGreaterThanOrEqual(1);
    expect(applied.at(-1)!.windows[0]!.displayId).toBe('1');
  });

  it('stops re-planning once disposed', async () => {
    const { controller, layouts, applied } = make();
    await controller.start();
    controller.dispose();
    layouts.change();
    await controller.replan();
    expect(applied).toHaveLength(1);
  });
});
