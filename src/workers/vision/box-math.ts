/** Box arithmetic shared by the worker (tile merge) and the station (tracking). Boxes are [x, y, w, h]. */

export type XYWH = readonly [number, number, number, number] | readonly number[];

export function iou(a: XYWH, b: XYWH): number {
  const x1 = Math.max(a[0]!, b[0]!);
  const y1 = Math.max(a[1]!, b[1]!);
  const x2 = Math.min(a[0]! + a[2]!, b[0]! + b[2]!);
  const y2 = Math.min(a[1]! + a[3]!, b[1]! + b[3]!);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  const union = a[2]! * a[3]! + b[2]! * b[3]! - inter;
  return union > 0 ? inter / union : 0;
}

/** Share of the smaller box covered by the larger: catches a half-object cut by a tile seam inside the whole one. */
export function overlapOfSmaller(a: XYWH, b: XYWH): number {
  const x1 = Math.max(a[0]!, b[0]!);
  const y1 = Math.max(a[1]!, b[1]!);
  const x2 = Math.min(a[0]! + a[2]!, b[0]! + b[2]!);
  const y2 = Math.min(a[1]! + a[3]!, b[1]! + b[3]!);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  const smaller = Math.min(a[2]! * a[3]!, b[2]! * b[3]!);
  return smaller > 0 ? inter / smaller : 0;
}

/** Greedy non-maximum suppression per class, best score first. */
export function nms<T extends { cls: string; score: number; box: XYWH }>(items: readonly T[], iouThreshold = 0.45, containThreshold = 0.8): T[] {
  const sorted = [...items].sort((p, q) => q.score - p.score);
  const kept: T[] = [];
  for (const item of sorted) {
    const clash = kept.some((k) => k.cls === item.cls && (iou(k.box, item.box) > iouThreshold || overlapOfSmaller(k.box, item.box) > containThreshold));
    if (!clash) kept.push(item);
  }
  return kept;
}
