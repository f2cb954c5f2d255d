import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keepNearLiveEdge, tilePlayback } from './live-edge';

/** A video element as the keeper sees it: playing, with `ahead` seconds buffered past the play head. */
function playingVideo(ahead: number) {
  const video = {
    currentTime: 10,
    paused: false,
    seeking: false,
    readyState: 4,
    bufferedEnd: 10 + ahead,
    get buffered() {
      return { length: 1, start: () => 0, end: () => video.bufferedEnd };
    },
  };
  return video;
}

beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] }));
afterEach(() => vi.useRealTimers());

describe('keepNearLiveEdge', () => {
  it('jumps a tile that is well behind to its target, within what is buffered', () => {
    const video = playingVideo(1.2);
    const stop = keepNearLiveEdge(video as unknown as HTMLVideoElement, 0.3);
    vi.advanceTimersByTime(300);
    expect(video.currentTime).toBeCloseTo(video.bufferedEnd - 0.3, 6);
    stop();
  });

  it('leaves a tile near its target alone, and one that is paused or seeking', () => {
    const near = playingVideo(0.5);
    const paused = Object.assign(playingVideo(2), { paused: true });
    const seeking = Object.assign(playingVideo(2), { seeking: true });
    const stops = [near, paused, seeking].map((v) => keepNearLiveEdge(v as unknown as HTMLVideoElement, 0.3));
    vi.advanceTimersByTime(5000);
    expect([near.currentTime, paused.currentTime, seeking.currentTime]).toEqual([10, 10, 10]);
    for (const stop of stops) stop();
  });

  it('jumps at most once per gap, and never after it is stopped', () => {
    const video = playingVideo(1.2);
    const stop = keepNearLiveEdge(video as unknown as HTMLVideoElement, 0.3, 0.35, 2000);
    vi.advanceTimersByTime(300);
    const firstJump = video.currentTime;
    // Still behind right after: the next jump waits for the gap.
    video.bufferedEnd = video.currentTime + 1.5;
    vi.advanceTimersByTime(1000);
    expect(video.currentTime).toBe(firstJump);
    vi.advanceTimersByTime(1500);
    expect(video.currentTime).toBeCloseTo(video.bufferedEnd - 0.3, 6);
    stop();
    video.bufferedEnd = video.currentTime + 3;
    const stoppedAt = video.currentTime;
    vi.advanceTimersByTime(5000);
    expect(video.currentTime).toBe(stoppedAt);
  });
});

describe('tilePlayback', () => {
  it('plays small grids and the maximised tile low-latency, larger grids in whole segments', () => {
    expect([1, 4].map((n) => tilePlayback(n, false))).toEqual(['live', 'live']);
    expect([9, 16, 25, 36].map((n) => tilePlayback(n, false))).toEqual(['overview', 'overview', 'overview', 'overview']);
    expect(tilePlayback(36, true)).toBe('live');
  });
});
