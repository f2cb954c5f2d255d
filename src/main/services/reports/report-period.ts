import type { ReportPeriod } from '../../../shared/domain/analytics-reports';

const DAY = 86_400_000;

/**
 * The last full period before `at`, in local time (fixed offset: Việt Nam has no daylight
 * saving): yesterday, last Monday-to-Monday week, or last calendar month.
 */
export function lastFullPeriod(period: Exclude<ReportPeriod, 'adhoc'>, at: Date, utcOffsetMinutes = 420): { from: Date; to: Date } {
  const off = utcOffsetMinutes * 60_000;
  const local = new Date(at.getTime() + off); // read with getUTC* as local wall time
  const today = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - off;
  switch (period) {
    case 'daily':
      return { from: new Date(today - DAY), to: new Date(today) };
    case 'weekly': {
      const sinceMonday = (local.getUTCDay() + 6) % 7;
      const monday = today - sinceMonday * DAY;
      return { from: new Date(monday - 7 * DAY), to: new Date(monday) };
    }
    case 'monthly': {
      const first = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - off;
      const previous = Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 1, 1) - off;
      return { from: new Date(previous), to: new Date(first) };
    }
  }
}

/** dd/MM/yyyy in local time, the way Vietnamese documents write dates. */
export function localDate(d: Date, utcOffsetMinutes = 420): string {
  const l = new Date(d.getTime() + utcOffsetMinutes * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(l.getUTCDate())}/${p(l.getUTCMonth() + 1)}/${l.getUTCFullYear()}`;
}
