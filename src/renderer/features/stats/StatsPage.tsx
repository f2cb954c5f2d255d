import { useCallback, useEffect, useState } from 'react';
import { onEvent, rpc } from '../../bridge';
import { useLanguage, useT } from '../../i18n';
import { useCan } from '../auth/use-permission';
import { useCity } from '../city/city-store';
import { assetObjectById } from '../map/map-objects';
import { useMapStore } from '../map/map-store';
import { notifyError } from '../notify/notify-store';
import { panelIds, panels, type PanelId } from '../../../shared/domain/analytics-panels';
import { ChartCard } from './ChartCard';
import { KpiCards, type KpiValue } from './KpiCards';
import { NgsiExportPanel } from './NgsiExportPanel';
import { ReportsPanel } from './ReportsPanel';
import { RetentionPanel } from './RetentionPanel';
import { fromLocalInput, toLocalInput } from './stats-range';
import { useStats } from './stats-store';
import { StorageAlert } from './StorageAlert';
import { notifyStatsError } from './storage-health';
import { SyncPanel } from './SyncPanel';
import './stats.css';

const drillKind = { cameras: 'camera', intersections: 'intersection', lightingCabinets: 'lightingCabinet', floodGauges: 'floodGauge' } as const;

/** Thống kê: live KPIs against the previous period, a chart per system, reports and province sync. */
export function StatsPage() {
  const t = useT();
  const language = useLanguage((s) => s.language);
  const { preset, range, source, setPreset, setCustom, setSource } = useStats();
  const { assets, ensureLoaded } = useCity();
  const canExport = useCan('stats.export');
  const [kpis, setKpis] = useState<KpiValue[] | null>(null);
  const [revision, setRevision] = useState(0);
  const [exported, setExported] = useState('');

  useEffect(() => void ensureLoaded(), [ensureLoaded]);
  // Live: each rollup refresh re-reads the open range (presets slide forward with the clock).
  useEffect(
    () =>
      onEvent('stats.updated', () => {
        const s = useStats.getState();
        if (s.preset !== 'custom') s.setPreset(s.preset);
        setRevision((r) => r + 1);
      }),
    [],
  );
  useEffect(() => {
    let live = true;
    rpc('stats.kpis', range).then(
      (k) => live && setKpis(k),
      (err: unknown) => live && notifyError(t, err),
    );
    return () => {
      live = false;
    };
  }, [range, revision, t]);

  const drill = useCallback(
    (panel: PanelId, key: string) => {
      const spec = panels[panel];
      if (!assets || !('drill' in spec)) return;
      const object = assetObjectById(drillKind[spec.drill], key, assets);
      if (!object) return;
      setSource(key);
      useMapStore.getState().select(object);
      location.hash = '#/map';
    },
    [assets, setSource],
  );

  const exportParquet = async () => {
    try {
      const r = await rpc('stats.exportParquet', { table: 'events', range });
      setExported(t('stats.exported', { rows: r.rows, path: r.path }));
    } catch (err) {
      notifyStatsError(t, err);
    }
  };

  const locale = language === 'vi' ? 'vi-VN' : 'en-GB';
  return (
    <div className="page stats-page">
      <h1>{t('stats.title')}</h1>
      <StorageAlert />
      <div className="stats-row" role="group" aria-label={t('stats.range')}>
        {(['day', 'week', 'month'] as const).map((p) => (
          <button key={p} type="button" aria-pressed={preset === p} onClick={() => setPreset(p)} data-testid={`range-${p}`}>
            {t(`stats.range.${p}`)}
          </button>
        ))}
        <label>
          {t('stats.range.from')}{' '}
          <input type="datetime-local" value={toLocalInput(range.from)} onChange={(e) => { const v = fromLocalInput(e.target.value); if (v && v < range.to) setCustom({ from: v, to: range.to }); }} />
        </label>
        <label>
          {t('stats.range.to')}{' '}
          <input type="datetime-local" value={toLocalInput(range.to)} onChange={(e) => { const v = fromLocalInput(e.target.value); if (v && v > range.from) setCustom({ from: range.from, to: v }); }} />
        </label>
        {canExport && (
          <button type="button" onClick={() => void exportParquet()}>
            {t('stats.exportParquet')}
          </button>
        )}
        <span role="status">{exported}</span>
      </div>
      {source && (
        <p className="notice" data-testid="drill-filter">
          {t('stats.drilled', { source })}{' '}
          <button type="button" onClick={() => setSource(null)}>
            {t('stats.clearDrill')}
          </button>
        </p>
      )}
      <KpiCards kpis={kpis} locale={locale} />
      <div className="stats-grid">
        {panelIds.map((id) => (
          <ChartCard key={id} panel={id} range={range} source={source && 'drill' in panels[id] ? source : undefined} revision={revision} onDrill={drill} />
        ))}
      </div>
      <ReportsPanel range={range} revision={revision} />
      <NgsiExportPanel range={range} />
      <SyncPanel />
      <RetentionPanel />
    </div>
  );
}
