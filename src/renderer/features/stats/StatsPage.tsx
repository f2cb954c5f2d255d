import { useEffect } from 'react';
import { useT } from '../../i18n';
import { useCity } from '../city/city-store';

export function StatsPage() {
  const t = useT();
  const { assets, ensureLoaded } = useCity();
  useEffect(() => void ensureLoaded(), [ensureLoaded]);
  const cards: [string, number | undefined][] = [
    [t('cameras.kind.ai'), assets?.cameras.filter((c) => c.kind === 'ai').length],
    [t('cameras.kind.standard'), assets?.cameras.filter((c) => c.kind === 'standard').length],
    [t('control.intersections'), assets?.intersections.length],
    [t('control.lighting'), assets?.lightingCabinets.length],
    [t('control.flood'), assets?.floodGauges.length],
  ];
  return (
    <div className="page">
      <h1>{t('stats.title')}</h1>
      <h2>{t('stats.assets')}</h2>
      <div className="kpi-grid" data-testid="kpi-grid">
        {cards.map(([label, value]) => (
          <div className="kpi" key={label}>
            <span className="kpi-value">{value ?? '…'}</span>
            <span className="kpi-label">{label}</span>
          </div>
        ))}
      </div>
      <p className="notice" role="note">
        {t('stats.pending')}
      </p>
    </div>
  );
}
