import { useEffect, useState } from 'react';
import type { LevelPoint } from '../../../shared/domain/field';
import { rpc } from '../../bridge';

/** Water level over the last hours against the three warning thresholds, as a small SVG. */
export function LevelChart({ gaugeId, thresholds, label, refreshKey }: { gaugeId: string; thresholds: readonly [number, number, number]; label: string; refreshKey: number }) {
  const [points, setPoints] = useState<LevelPoint[]>([]);
  useEffect(() => {
    let live = true;
    rpc('field.levels', { gaugeId })
      .then((p) => live && setPoints(p))
      .catch(() => live && setPoints([]));
    return () => {
      live = false;
    };
  }, [gaugeId, refreshKey]);
  const width = 320;
  const height = 90;
  const values = [...points.map((p) => p.levelM), ...thresholds];
  const lo = Math.min(...values) - 0.2;
  const hi = Math.max(...values) + 0.2;
  const t0 = points[0]?.t ?? 0;
  const t1 = points[points.length - 1]?.t ?? 1;
  const x = (t: number) => (t1 > t0 ? ((t - t0) / (t1 - t0)) * width : 0);
  const y = (v: number) => height - ((v - lo) / (hi - lo)) * height;
  return (
    <svg width={width} height={height} role="img" aria-label={label} className="level-chart">
      {thresholds.map((m, i) => (
        <line key={i} x1={0} x2={width} y1={y(m)} y2={y(m)} className={`threshold threshold-${i + 1}`} />
      ))}
      {points.length > 1 && <polyline fill="none" className="level-line" points={points.map((p) => `${x(p.t).toFixed(1)},${y(p.levelM).toFixed(1)}`).join(' ')} />}
    </svg>
  );
}
