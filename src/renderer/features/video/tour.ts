import type { Tour } from '../../../shared/domain/video';

/** Which camera a tour shows at a moment, and when it changes next; pure so it can be tested. */
export function tourPosition(tour: Tour, startedAt: number, now: number): { index: number; cameraId: string; nextChangeAt: number } {
  const dwellMs = tour.dwellS * 1000;
  const elapsed = Math.max(0, now - startedAt);
  const step = Math.floor(elapsed / dwellMs);
  const index = step % tour.cameraIds.length;
  return { index, cameraId: tour.cameraIds[index]!, nextChangeAt: startedAt + (step + 1) * dwellMs };
}
