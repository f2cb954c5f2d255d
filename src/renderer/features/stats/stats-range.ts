/** Range presets and the helpers the page needs; pure so they are tested without a browser. */
export type RangePreset = 'day' | 'week' | 'month' | 'custom';

const HOUR = 3_600_000;

/** A preset's range ending at the current hour's end, so repeated refreshes hit the same hour buckets. */
export function presetRange(preset: Exclude<RangePreset, 'custom'>, nowMs: number): { from: string; to: string } {
  const to = Math.ceil(nowMs / HOUR) * HOUR;
  const hours = preset === 'day' ? 24 : preset === 'week' ? 7 * 24 : 30 * 24;
  return { from: new Date(to - hours * HOUR).toISOString(), to: new Date(to).toISOString() };
}

/** Relative change against the previous period, or null where it means nothing (no previous value). */
export function change(value: number | null, previous: number | null): number | null {
  if (value === null || previous === null || previous === 0) return null;
  return ((value - previous) / Math.abs(previous)) * 100;
}

/** `<input type="datetime-local">` value (local wall time) ↔ ISO instant. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
export function fromLocalInput(value: string): string | null {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export interface ChartPoint {
  bucket: string;
  key: string;
  n: number;
  sum: number;
  min: number | null;
  max: number | null;
  flagged: number;
}

export function measureOf(p: ChartPoint, measure: 'sum' | 'max' | 'n' | 'flagged' | 'ratio'): number | null {
  switch (measure) {
    case 'sum':
      return Math.round(p.sum * 100) / 100;
    case 'max':
      return p.max;
    case 'n':
      return p.n;
    case 'flagged':
      return p.flagged;
    case 'ratio':
      return p.n ? Math.round((p.sum / p.n) * 10000) / 100 : null;
  }
}

/** CSV of one chart: one row per bucket and series, previous period included, RFC 4180 quoting. */
export function chartCsv(points: readonly ChartPoint[], previous: readonly ChartPoint[], measure: Parameters<typeof measureOf>[1]): string {
  const q = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : /^[=+\-@]/.test(s) ? `'${s}` : s);
  const rows = ['period,bucket,series,value'];
  for (const [period, list] of [['current', points], ['previous', previous]] as const) {
    for (const p of list) rows.push([period, p.bucket, q(p.key), String(measureOf(p, measure) ?? '')].join(','));
  }
  return '\uFEFF' + rows.join('\r\n') + '\r\n';
}
