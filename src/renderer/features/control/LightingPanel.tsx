import { useState } from 'react';
import type { CityAssets } from '../../../shared/domain/city';
import type { FieldSnapshot } from '../../../shared/domain/field';
import { defaultSchedule, savingsPct, type ScheduleStep } from '../../../shared/domain/field-lighting';
import { useLanguage, useT } from '../../i18n';
import { useCan } from '../auth/use-permission';
import { isOnline } from './field-model';
import { clock, fixed } from './format';
import { useSend } from './use-send';

/** Local time in Vietnam (UTC+7, no daylight saving): the cabinets' clocks run on it, whatever this screen's zone is. */
const CITY_UTC_OFFSET_MS = 7 * 3_600_000;

type Preset = 'pilot' | 'saver' | 'demo';

function presetSteps(preset: Preset, now: number): ScheduleStep[] {
  switch (preset) {
    case 'pilot':
      return [...defaultSchedule];
    case 'saver':
      return [
        { at: { kind: 'sunset', offsetMin: 0 }, dimPct: 80 },
        { at: { kind: 'clock', time: '21:00' }, dimPct: 50 },
        { at: { kind: 'clock', time: '23:30' }, dimPct: 30 },
        { at: { kind: 'sunrise', offsetMin: 0 }, dimPct: 0 },
      ];
    case 'demo': {
      const hhmm = new Date(now + CITY_UTC_OFFSET_MS - 60_000).toISOString().slice(11, 16);
      return [
        { at: { kind: 'clock', time: hhmm }, dimPct: 40 },
        { at: { kind: 'sunrise', offsetMin: 0 }, dimPct: 0 },
      ];
    }
  }
}

export function LightingPanel({ snapshot, assets }: { snapshot: FieldSnapshot; assets: CityAssets }) {
  const t = useT();
  const language = useLanguage((s) => s.language);
  const send = useSend();
  const can = useCan('control.operate');
  const [level, setLevel] = useState(50);
  const [preset, setPreset] = useState<Preset>('demo');
  const line = snapshot.lighting.reduce((sum, c) => ({ power: sum.power + c.state.powerW, full: sum.full + c.state.fullPowerW, energy: sum.energy + c.state.energyKWh, baseline: sum.baseline + c.state.baselineKWh }), { power: 0, full: 0, energy: 0, baseline: 0 });
  const lineSavings = savingsPct({ energyKWh: line.energy, baselineKWh: line.baseline });
  return (
    <>
      <section className="panel">
        <p data-testid="lighting-line-savings">
          {t('field.light.lineSavings', { power: fixed(line.power / 1000, 2), full: fixed(line.full / 1000, 2), savings: lineSavings === null ? '—' : fixed(lineSavings, 1) })}
        </p>
        {can && (
          <div className="row">
            <label className="row">
              {t('field.light.schedule')}
              <select value={preset} onChange={(e) => setPreset(e.target.value as Preset)} data-testid="lighting-preset">
                <option value="pilot">{t('field.light.preset.pilot')}</option>
                <option value="saver">{t('field.light.preset.saver')}</option>
                <option value="demo">{t('field.light.preset.demo')}</option>
              </select>
            </label>
            <button
              type="button"
              data-testid="lighting-apply-schedule"
              onClick={() => {
                const steps = presetSteps(preset, Date.now());
                for (const c of assets.lightingCabinets) {
                  void send(c.id, { type: 'light.setSchedule', steps }).then(() => send(c.id, { type: 'light.setMode', mode: 'schedule' }));
                }
              }}
            >
              {t('field.light.applySchedule')}
            </button>
          </div>
        )}
      </section>
      {assets.lightingCabinets.map((cabinet) => {
        const entry = snapshot.lighting.find((c) => c.id === cabinet.id);
        const s = entry?.state;
        const online = isOnline(snapshot, cabinet.id);
        const savings = s ? savingsPct(s) : null;
        const faults = s?.lamps.filter((l) => l.fault) ?? [];
        return (
          <section className="panel" key={cabinet.id} data-testid={`cabinet-${cabinet.id}`}>
            <h2>
              {cabinet.name} <span className={online ? 'field-ok' : 'field-bad'}>{online ? t('field.online') : t('field.offline')}</span>
            </h2>
            {!s ? (
              <p className="muted">{t('field.noData')}</p>
            ) : (
              <>
                <div className="kpi-grid">
                  <div className="kpi">
                    <span className="kpi-value" data-testid={`cabinet-level-${cabinet.id}`}>{s.dimPct} %</span>
                    <span className="kpi-label">
                      {t('field.light.level')} · {t(`field.light.mode.${s.mode}`)}
                    </span>
                  </div>
                  <div className="kpi">
                    <span className="kpi-value">{fixed(s.powerW / 1000, 2)} kW</span>
                    <span className="kpi-label">
                      {t('field.light.power')} / {fixed(s.fullPowerW / 1000, 2)} kW
                    </span>
                  </div>
                  <div className="kpi">
                    <span className="kpi-value">{fixed(s.energyKWh, 2)} kWh</span>
                    <span className="kpi-label">{t('field.light.energy')}</span>
                  </div>
                  <div className="kpi">
                    <span className="kpi-value">{savings === null ? '—' : `${fixed(savings, 1)} %`}</span>
                    <span className="kpi-label">{t('field.light.savings')}</span>
                  </div>
                </div>
                <p className="muted">
                  {t('field.light.source', { source: s.levelSource })} · {t('field.light.sun', { sunset: clock(language, s.sunset), sunrise: clock(language, s.sunrise) })} ·{' '}
                  {t('field.light.lamps', { on: s.lamps.filter((l) => l.on).length, total: s.lamps.length })}
                </p>
                {(s.door === 'open' || s.mains === 'fail' || faults.length > 0) && (
                  <p className="field-warn" data-testid={`cabinet-faults-${cabinet.id}`}>
                    {s.door === 'open' && <span className="badge">{t('field.light.door')}</span>} {s.mains === 'fail' && <span className="badge">{t('field.light.mains')}</span>}{' '}
                    {faults.slice(0, 12).map((l) => (
                      <span className="badge" key={l.id}>
                        {l.id}: {t(`field.light.fault.${l.fault!}`)}
                      </span>
                    ))}
                  </p>
                )}
                {can && (
                  <div className="row">
                    <label className="row">
                      {t('field.light.setLevel')}
                      <input type="number" min={0} max={100} value={level} onChange={(e) => setLevel(Number(e.target.value))} style={{ width: '5em' }} />
                    </label>
                    <button type="button" onClick={() => void send(cabinet.id, { type: 'light.set', dimPct: level })}>
                      {t('field.light.apply')}
                    </button>
                    <button type="button" onClick={() => void send(cabinet.id, { type: 'light.setMode', mode: 'schedule' })}>
                      {t('field.light.toSchedule')}
                    </button>
                  </div>
                )}
              </>
            )}
          </section>
        );
      })}
    </>
  );
}
