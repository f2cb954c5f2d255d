import { rpc } from '../../bridge';

const EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel'] as const;

/**
 * Reports operator activity to the main process, at most every `everyMs`, so its idle lock
 * (which the main process enforces) does not fire under someone working the map.
 */
export function startIdleReporter(everyMs = 30_000): () => void {
  let last = 0;
  const onActivity = () => {
    const now = Date.now();
    if (now - last < everyMs) return;
    last = now;
    rpc('session.touch', {}).catch(() => {
      // A locked or logged-out session refuses the touch; the auth.state event tells the UI.
    });
  };
  for (const e of EVENTS) window.addEventListener(e, onActivity, { passive: true, capture: true });
  return () => {
    for (const e of EVENTS) window.removeEventListener(e, onActivity, { capture: true });
  };
}
