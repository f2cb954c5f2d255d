import { EventEmitter } from 'node:events';
import type { Display } from 'electron';
import { afterEach, describe, expect, it } from 'vitest';
import { ElectronDisplaySource, toDisplayInfo, type ScreenLike } from './electron-display-source';

function electronDisplay(id: number, x: number, patch: Partial<Display> = {}): Display {
  return {
    id,
    label: `DELL U27 #${id}`,
    bounds: { x, y: 0, width: 1920, height: 1080 },
    workArea: { x, y: 0, width: 1920, height: 1040 },
    scaleFactor: 1,
    ...patch,
  } as Display;
}

/** Electron's screen is an EventEmitter with two getters; this one is driven by the test. */
class FakeScreen extends EventEmitter {
  displays = [electronDisplay(1, 0), electronDisplay(2, 1920)];
  primaryId = 1;
  getAllDisplays = () => this.displays;
  getPrimaryDisplay = () => this.displays.find((d) => d.id === this.primaryId)!;
}

const sources: ElectronDisplaySource[] = [];
afterEach(() => sources.splice(0).forEach((s) => s.dispose()));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function makeSource(settleMs = 20) {
  const screen = new FakeScreen();
  const source = new ElectronDisplaySource(screen as unknown as ScreenLike, settleMs);
  sources.push(source);
  return { screen, source };
}

describe('toDisplayInfo', () => {
  it('maps ids to strings, marks the primary and names unnamed displays', () => {
    expect(toDisplayInfo(electronDisplay(42, -1280, { label: '', scaleFactor: 1.25 }), 1, 2)).toEqual({
      id: '42',
      label: 'Màn hình 3',
      bounds: { x: -1280, y: 0, width: 1920, height: 1080 },
      workArea: { x: -1280, y: 0, width: 1920, height: 1040 },
      scaleFactor: 1.25,
      primary: false,
    });
    expect(toDisplayInfo(electronDisplay(1, 0), 1, 0)).toMatchObject({ primary: true, label: 'DELL U27 #1' });
  });
});

describe('ElectronDisplaySource', () => {
  it('lists the screen\'s displays', () => {
    const { source } = makeSource();
    expect(source.list().map((d) => [d.id, d.primary])).toEqual([
      ['1', true],
      ['2', false],
    ]);
  });

  it('turns a burst of screen events into one change', async () => {
    const { screen, source } = makeSource();
    let changes = 0;
    source.onDidChange(() => changes++);
    screen.emit('display-removed', {}, screen.displays[1]);
    for (let i = 0; i < 5; i++) screen.emit('display-metrics-changed', {}, screen.displays[0], ['workArea']);
    screen.emit('display-added', {}, electronDisplay(3, 1920));
    await sleep(100);
    expect(changes).toBe(1);
  });

  it('stops listening to the screen on dispose', async () => {
    const { screen, source } = makeSource();
    let changes = 0;
    source.onDidChange(() => changes++);
    source.dispose();
    screen.emit('display-added', {}, electronDisplay(3, 1920));
    await sleep(60);
    expect(changes).toBe(0);
    expect(screen.listenerCount('display-added') + screen.listenerCount('display-removed') + screen.listenerCount('display-metrics-changed')).toBe(0);
  });
});
