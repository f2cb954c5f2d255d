import { useRef } from 'react';
import type { NormPoint, VisionCounts, VisionDetections, VisionSettings } from '../../../shared/domain/vision';
import { clampNorm, type Draft } from './draft';

interface Props {
  /** The picture size the stream is analysed at: the overlay uses its aspect so it sits on the letterboxed video. */
  width: number;
  height: number;
  settings: VisionSettings | null;
  detections: VisionDetections | null;
  counts: VisionCounts | null;
  showBoxes: boolean;
  draft: Draft | null;
  onPoint?(point: NormPoint): void;
}

const classColour: Record<string, string> = { person: '#3fa7ff', bicycle: '#c9a227', motorcycle: '#f5b83d', car: '#3ccf7a', bus: '#e07a1f', truck: '#ff5c5c' };

/**
 * What the analytics sees, drawn over a video tile: zones (red while alerting), counting lines
 * with their crossings, boxes of the last analysed frame, and the zone or line being drawn.
 * The SVG shares the video's aspect and `contain` fit, so picture coordinates line up.
 */
export function VisionOverlay({ width, height, settings, detections, counts, showBoxes, draft, onPoint }: Props) {
  const svg = useRef<SVGSVGElement>(null);
  const zoneCount = new Map((counts?.zones ?? []).map((z) => [z.zoneId, z]));
  const lineCount = new Map((counts?.lines ?? []).map((l) => [l.lineId, l]));
  const px = ([x, y]: NormPoint) => `${x * width},${y * height}`;
  const sum = (r: Record<string, number | undefined>) => Object.values(r).reduce<number>((a, b) => a + (b ?? 0), 0);

  const click = (e: React.MouseEvent<SVGSVGElement>) => {
    if (!draft || !onPoint || !svg.current) return;
    e.stopPropagation();
    const matrix = svg.current.getScreenCTM();
    if (!matrix) return;
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(matrix.inverse());
    onPoint(clampNorm(p.x / width, p.y / height));
  };

  return (
    <svg
      ref={svg}
      className={`vision-overlay ${draft ? 'drawing' : ''}`}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="xMidYMid meet"
      onClick={click}
      data-testid="vision-overlay"
      aria-hidden={draft ? undefined : true}
    >
      {settings?.zones.map((z) => {
        const c = zoneCount.get(z.id);
        const [lx, ly] = z.polygon[0]!;
        return (
          <g key={z.id} className={c?.alerting ? 'zone alerting' : 'zone'} data-testid={`vision-zone-${z.id}`}>
            <polygon points={z.polygon.map(px).join(' ')} />
            <text x={lx * width + 4} y={ly * height + 14}>
              {z.name}: {c ? c.people : '–'}
            </text>
          </g>
        );
      })}
      {settings?.lines.map((l) => {
        const c = lineCount.get(l.id);
        return (
          <g key={l.id} className="count-line">
            <line x1={l.a[0] * width} y1={l.a[1] * height} x2={l.b[0] * width} y2={l.b[1] * height} />
            <text x={((l.a[0] + l.b[0]) / 2) * width + 4} y={((l.a[1] + l.b[1]) / 2) * height - 4}>
              {l.name}: →{c ? sum(c.aToB) : 0} ←{c ? sum(c.bToA) : 0}
            </text>
          </g>
        );
      })}
      {showBoxes
        ? detections?.detections.map((d, i) => (
            <rect
              key={d.trackId ?? `i${i}`}
              className="det"
              x={d.box[0] * width}
              y={d.box[1] * height}
              width={d.box[2] * width}
              height={d.box[3] * height}
              stroke={classColour[d.cls] ?? '#fff'}
            />
          ))
        : null}
      {draft ? (
        <g className="draft">
          {draft.kind === 'zone' && draft.points.length > 1 ? <polyline points={draft.points.map(px).join(' ')} /> : null}
          {draft.kind === 'line' && draft.points.length === 2 ? <line x1={draft.points[0]![0] * width} y1={draft.points[0]![1] * height} x2={draft.points[1]![0] * width} y2={draft.points[1]![1] * height} /> : null}
          {draft.points.map((p, i) => (
            <circle key={i} cx={p[0] * width} cy={p[1] * height} r={4} />
          ))}
        </g>
      ) : null}
    </svg>
  );
}
