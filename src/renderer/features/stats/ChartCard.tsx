import { useEffect, useMemo, useRef, useState } from 'react';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { rpc } from '../../bridge';
import { useT } from '../../i18n';
import { notifyError } from '../notify/notify-store';
import { panels, type PanelId } from '../../../shared/domain/analytics-panels';
import { chartCsv, measureOf, type ChartPoint } from './stats-range';
import { base64ToBlob, saveBlob } from './save-blob';

// Canvas rendering only: ECharts then draws no inline <style>, which the CSP (style-src 'self') would refuse.
echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

interface Props {
  panel: PanelId;
  range: { from: string; to: string };
  source?: string;
  /** Bumped when new data is rolled up. */
  revision: number;
  onDrill?: (panel: PanelId, key: string) => void;
}

type PanelData = { grain: string; points: ChartPoint[]; previous: ChartPoint[] };

export function ChartCard({ panel, range, source, revision, onDrill }: Props) {
  const t = useT();
  const spec = panels[panel];
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const [data, setData] = useState<PanelData | null>(null);

  useEffect(() => {
    let live = true;
    rpc('stats.panel', { panel, range, source })
      .then((d) => live && setData(d))
      .catch((err: unknown) => live && notifyError(t, err));
    return () => {
      live = false;
    };
  }, [panel, range, source, revision, t]);

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const onResize = () => c.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      c.dispose();
      chart.current = null;
    };
  }, []);

  const option = useMemo(() => {
    if (!data) return null;
    const span = Date.parse(range.to) - Date.parse(range.from);
    const keys = [...new Set(data.points.map((p) => p.key))].slice(0, 12);
    const series = keys.flatMap((key) => {
      const now = data.points.filter((p) => p.key === key).map((p) => [p.bucket, measureOf(p, spec.measure)]);
      // The previous period is drawn over this one (shifted by the range's length) so they compare point by point.
      const before = data.previous.filter((p) => p.key === key).map((p) => [new Date(Date.parse(p.bucket) + span).toISOString(), measureOf(p, spec.measure)]);
      return [
        { name: key, type: spec.chart, data: now, showSymbol: false },
        { name: t('stats.series.previous', { key }), type: 'line', data: before, showSymbol: false, lineStyle: { type: 'dashed', opacity: 0.5 }, itemStyle: { opacity: 0.5 } },
      ];
    });
    return {
      backgroundColor: 'transparent',
      textStyle: { color: '#c9d4e0' },
      animation: false,
      // Rich-text tooltips are drawn on the canvas; the HTML ones carry style="" attributes the CSP refuses.
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      legend: { type: 'scroll', top: 0, textStyle: { fontSize: 10, color: '#c9d4e0' } },
      grid: { left: 48, right: 12, top: 36, bottom: 28 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', scale: spec.measure === 'ratio' || spec.measure === 'max' },
      series,
    };
  }, [data, range, spec, t]);

  useEffect(() => {
    const c = chart.current;
    if (!c || !option) return;
    c.setOption(option as echarts.EChartsCoreOption, true);
    c.off('click');
    if (onDrill && 'drill' in spec) c.on('click', (e) => onDrill(panel, String(e.seriesName).replace(/ \(.*\)$/, '')));
  }, [option, onDrill, panel, spec]);

  const empty = data !== null && data.points.length === 0;
  const title = t(`stats.panel.${panel}` as 'stats.panel.rain');
  return (
    <section className="stats-card" data-testid={`chart-${panel}`} aria-label={title}>
      <header className="stats-card-head">
        <h3>{title}</h3>
        <div className="stats-card-actions">
          <button type="button" disabled={!data} onClick={() => chart.current && saveDataUrl(chart.current.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#101820' }), `${panel}.png`)}>
            {t('stats.exportPng')}
          </button>
          <button type="button" disabled={!data} onClick={() => data && saveBlob(new Blob([chartCsv(data.points, data.previous, spec.measure)], { type: 'text/csv' }), `${panel}.csv`)}>
            {t('stats.exportCsv')}
          </button>
        </div>
      </header>
      <div className="stats-chart" ref={el} data-testid={`chart-canvas-${panel}`} />
      {!data && <p className="stats-muted">{t('stats.loading')}</p>}
      {empty && <p className="stats-muted">{t('stats.noData')}</p>}
      {'drill' in spec && <p className="stats-hint">{t('stats.drill')}</p>}
    </section>
  );
}

/** A data: URL decoded in place: fetching it would need connect-src data:, which the CSP does not grant. */
function saveDataUrl(url: string, name: string): void {
  const [head = '', body = ''] = url.split(',', 2);
  saveBlob(base64ToBlob(body, head.replace(/^data:/, '').replace(/;base64$/, '')), name);
}
