import { existsSync } from 'node:fs';

/**
 * vtest.avi: the pedestrian surveillance clip from OpenCV's samples, shipped by Debian's
 * opencv-doc package (Apache-2.0 AND BSD-3-Clause, © Intel, Willow Garage, OpenCV Foundation
 * and contributors; see /usr/share/doc/opencv-doc/copyright). We only read it where Debian
 * installed it; nothing of it is copied into this repository.
 */
export const VTEST_CANDIDATES = [
  '/usr/share/doc/opencv-doc/examples/data/vtest.avi',
  '/usr/share/opencv4/samples/data/vtest.avi',
];

export function findVtestVideo(candidates: readonly string[] = VTEST_CANDIDATES): string | null {
  return candidates.find((path) => existsSync(path)) ?? null;
}
