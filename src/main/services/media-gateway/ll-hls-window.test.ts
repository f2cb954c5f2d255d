import { describe, expect, it } from 'vitest';
import type { Fragment } from './fmp4-boxes';
import { LlHlsWindow } from './ll-hls-window';

function makeWindow(): LlHlsWindow {
  return new LlHlsWindow({ partTarget: 0.2, targetDuration: 2, windowSegments: 6, now: () => 0 });
}

function fragment(independent: boolean, duration = 0.2): Fragment {
  return { data: Buffer.from('moof'), duration, independent } as Fragment;
}

function init(codec = 'avc1.42e01e') {
  return { data: Buffer.from('ftyp'), codec } as Parameters<LlHlsWindow['pushInit']>[0];
}

/** A GOP of `parts` fragments: a keyframe part, then dependent ones. */
function pushGop(window: LlHlsWindow, parts: number): void {
  window.pushFragment(fragment(true));
  for (let i = 1; i < parts; i++) window.pushFragment(fragment(false));
}

describe('LlHlsWindow', () => {
  it('cuts segments at keyframes, and is playable once the first segment is complete', () => {
    const window = makeWindow();
    window.pushInit(init());
    pushGop(window, 5);
    expect(window.playable).toBe(false);
    pushGop(window, 5);
    expect(window.playable).toBe(true);
    pushGop(window, 5);
    expect(window.segments.map((s) => s.parts.length)).toEqual([5, 5, 5]);
    expect(window.segments.map((s) => s.complete)).toEqual([true, true, false]);
    expect(window.segments.every((s) => s.parts[0]!.independent)).toBe(true);
  });

  it('cuts a segment that would outgrow the target duration even without a keyframe', () => {
    const window = makeWindow();
    window.pushInit(init());
    pushGop(window, 12);
    expect(window.segments.map((s) => s.parts.length)).toEqual([10, 2]);
  });

  it('starts a discontinuity with its own init segment after the source restarts', () => {
    const window = makeWindow();
    window.pushInit(init());
    pushGop(window, 5);
    window.pushInit(init());
    pushGop(window, 5);
    expect(window.segments.map((s) => [s.initId, s.complete, s.discontinuity])).toEqual([
      [1, true, false],
      [2, false, true],
    ]);
  });

  it('wakes a reader waiting to play once the first segment completes, and times out otherwise', async () => {
    const window = makeWindow();
    expect(await window.waitPlayable(20)).toBe(false);
    const waiting = window.waitPlayable(1000);
    window.pushInit(init());
    pushGop(window, 3);
    pushGop(window, 1);
    expect(await waiting).toBe(true);
  });
});
