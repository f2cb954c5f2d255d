import type { NormPoint } from '../../../shared/domain/vision';

/** Even-odd ray casting; a point exactly on an edge may fall either way, which does not matter for counting. */
export function pointInPolygon(x: number, y: number, polygon: readonly NormPoint[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Sign of the cross product: > 0 right of a→b in picture coordinates (y down), < 0 left. */
export function sideOfLine(a: NormPoint, b: NormPoint, x: number, y: number): number {
  return (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]);
}
