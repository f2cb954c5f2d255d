import { useT } from '../../i18n';
import type { KpiId } from '../../../shared/domain/analytics-panels';
import { change } from './stats-range';

export interface KpiValue {
  id: KpiId;
  value: number | null;
  previous: number | null;
}

function show(id: KpiId, v: number | null, locale: string): string {
  if (v === null) return '—';
  if (id === 'signalAvailability' || id === 'energySavings') return `${(v * 100).toFixed(2)} %`;
  return v.toLocaleString(locale, { maximumFractionDigits: id === 'floodMax' ? 2 : 0 });
}

/** KPI cards with the previous period's value and the change against it. */
export function KpiCards({ kpis, locale }: { kpis: KpiValue[] | null; locale: string }) {
  const t = useT();
  return (
    <div className="kpi-grid" data-testid="kpi-grid">
      {(kpis ?? []).map((k) => {
        const pct = change(k.value, k.previous);
        return (
          <div className="kpi" key={k.id} data-testid={`kpi-${k.id}`}>
            <span className="kpi-value">{show(k.id, k.value, locale)}</span>
            <span className="kpi-label">{t(`stats.kpi.${k.id}` as 'stats.kpi.vehicles')}</span>
            <span className="stats-muted">{t('stats.previous', { value: show(k.id, k.previous, locale) })}</span>
            {pct !== null && (
              <span className={pct >= 0 ? 'stats-up' : 'stats-down'}>{t('stats.change', { sign: pct >= 0 ? '+' : '', pct: pct.toFixed(1) })}</span>
            )}
          </div>
        );
      })}
      {!kpis && <p className="stats-muted">{t('stats.loading')}</p>}
    </div>
  );
}
