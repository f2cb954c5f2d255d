import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle';

function throttleAt(start = 0, maxEntries?: number) {
  let now = start;
  const throttle = new LoginThrottle({ clock: () => new Date(now), ...(maxEntries ? { maxEntries } : {}) });
  return { throttle, advance: (ms: number) => (now += ms) };
}

describe('LoginThrottle', () => {
  it('allows four failures, then locks for 30 s, doubling with each further failure', () => {
    const { throttle, advance } = throttleAt();
    for (let i = 0; i < 4; i++) throttle.recordFailure('an');
    expect(throttle.retryAfterMs('an')).toBe(0);
    throttle.recordFailure('an');
    expect(throttle.retryAfterMs('an')).toBe(30_000);
    advance(30_000);
    expect(throttle.retryAfterMs('an')).toBe(0);
    throttle.recordFailure('an');
    expect(throttle.retryAfterMs('an')).toBe(60_000);
    advance(60_000);
    throttle.recordFailure('an');
    expect(throttle.retryAfterMs('an')).toBe(120_000);
    expect(throttle.retryAfterMs('binh')).toBe(0); // per username
  });

  it('forgets failures older than 15 minutes and everything after a success', () => {
    const { throttle, advance } = throttleAt();
    for (let i = 0; i < 4; i++) throttle.recordFailure('an');
    advance(15 * 60_000);
    throttle.recordFailure('an');
    expect(throttle.retryAfterMs('an')).toBe(0);
    for (let i = 0; i < 3; i++) throttle.recordFailure('an');
    throttle.recordSuccess('an');
    throttle.recordFailure('an');
    expect(throttle.retryAfterMs('an')).toBe(0);
  });

  it('caps the lockout at 15 minutes', () => {
    const { throttle, advance } = throttleAt();
    for (let i = 0; i < 5; i++) throttle.recordFailure('an');
    for (let i = 0; i < 10; i++) {
      advance(throttle.retryAfterMs('an'));
      throttle.recordFailure('an');
    }
    expect(throttle.retryAfterMs('an')).toBeLessThanOrEqual(15 * 60_000);
  });

  it('keeps its memory bounded under a flood of made-up names', () => {
    const { throttle } = throttleAt(0, 100);
    for (let i = 0; i < 5; i++) throttle.recordFailure('target');
    for (let i = 0; i < 1_000; i++) throttle.recordFailure(`fake-${i}`);
    expect((throttle as unknown as { entries: Map<string, unknown> }).entries.size).toBeLessThanOrEqual(100);
    expect(throttle.retryAfterMs('target')).toBe(30_000); // the real lockout survives the flood
  });
});
