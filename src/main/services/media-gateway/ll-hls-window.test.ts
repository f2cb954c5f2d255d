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
  it('closes the first segment after its first keyframe part, so a player can start at once', () => {
    const window = makeWindow();
    window.pushInit(init());
    window.pushFragment(fragment(true));
    expect(window.playable).toBe(false);
    window.pushFragment(fragment(false));
    expect(window.playable).toBe(true);
    expect(window.segments[0]).toMatchObject({ msn: 0, complete: true, duration: 0.2 });
    expect(window.segments[0]!.parts).toHaveLength(1);
  });

  it('cuts every later segment at keyframes only', () => {
    const window = makeWindow();
    window.pushInit(init());
    pushGop(window, 5);
    pushGop(window, 5);
    pushGop(window, 5);
    expect(window.segments.map((s) => s.parts.length)).toEqual([1, 4, 5, 5]);
    expect(window.segments.map((s) => s.complete)).toEqual([true, true, true, false]);
    expect(window.segments.slice(2).every((s) => s.parts[0]!.independent)).toBe(true);
  });

  it('does not cut a quick-start segment that began without a keyframe', () => {
    const window = makeWindow();
    window.pushInit(init());
    window.pushFragment(fragment(false));
    window.pushFragment(fragment(false));
    window.pushFragment(fragment(true));
    expect(window.segments.map((s) => s.parts.length)).toEqual([2, 1]);
  });

  it('starts quickly again after the source restarts, with a discontinuity', () => {
    const window = makeWindow();
    window.pushInit(init());
    pushGop(window, 5);
    pushGop(window, 5);
    window.pushInit(init());
    pushGop(window, 5);
    const restarted = window.segments.find((s) => s.initId === 2)!;
    expect(restarted).toMatchObject({ parts: [expect.anything()], complete: true, discontinuity: true });
  });

  it('wakes a reader waiting to play once the first segment completes, and times out otherwise', async () => {
    const window = makeWindow();
    expect(await window.waitPlayable(20)).toBe(false);
    const waiting = window.waitPlayable(1000);
    window.pushInit(init());
    window.pushFragment(fragment(true));
    window.pushFragment(fragment(false));
    expect(await waiting).toBe(true);
  });
});
