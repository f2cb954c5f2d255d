import type { NormPoint, VisionLine, VisionSettings, VisionZone } from '../../../shared/domain/vision';

/**
 * Drawing a zone or a counting line on the picture: clicks add points in picture coordinates
 * (0..1), a zone closes with "finish" (3 points at least), a line is done at its second point.
 */
export type Draft = { kind: 'zone'; points: NormPoint[] } | { kind: 'line'; points: NormPoint[] };

export function clampNorm(x: number, y: number): NormPoint {
  const c = (v: number) => Math.min(1, Math.max(0, Math.round(v * 10_000) / 10_000));
  return [c(x), c(y)];
}

export function addPoint(draft: Draft, point: NormPoint): Draft {
  if (draft.kind === 'line' && draft.points.length >= 2) return draft;
  // A zone keeps at most the 64 corners the contract allows.
  if (draft.points.length >= 64) return draft;
  return { ...draft, points: [...draft.points, point] };
}

export function canFinish(draft: Draft): boolean {
  return draft.kind === 'zone' ? draft.points.length >= 3 : draft.points.length === 2;
}

/** An id not yet used in the settings, from a readable stem. */
export function nextId(stem: string, taken: readonly { id: string }[]): string {
  const used = new Set(taken.map((t) => t.id));
  for (let i = 1; i < 1000; i++) if (!used.has(`${stem}${i}`)) return `${stem}${i}`;
  return `${stem}${Date.now().toString(36)}`;
}

/** The settings with the finished draft added (the caller checked canFinish). */
export function finishDraft(settings: VisionSettings, draft: Draft, name: string): VisionSettings {
  if (draft.kind === 'zone') {
    const zone: VisionZone = { id: nextId('zone', settings.zones), name: name || nextId('Vùng ', settings.zones), polygon: draft.points };
    return { ...settings, zones: [...settings.zones, zone] };
  }
  const [a, b] = draft.points as [NormPoint, NormPoint];
  const line: VisionLine = { id: nextId('line', settings.lines), name: name || nextId('Vạch ', settings.lines), a, b };
  return { ...settings, lines: [...settings.lines, line] };
}
