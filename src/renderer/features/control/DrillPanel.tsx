import { useState } from 'react';
import type { ScenarioInfo } from '../../../shared/domain/field';
import { useT } from '../../i18n';
import { useCan } from '../auth/use-permission';
import { useSend } from './use-send';

type Scope = 'all' | 'signal' | 'lighting' | 'flood';

/** Demo and drill controls of the field simulator: scenarios, cutting links, rain. */
export function DrillPanel({ scenarios }: { scenarios: ScenarioInfo[] }) {
  const t = useT();
  const send = useSend();
  const can = useCan('control.operate');
  const [scope, setScope] = useState<Scope>('flood');
  const [rain, setRain] = useState(60);
  const scopeLabel = (s: Scope) => (s === 'all' ? t('field.drill.scope.all') : s === 'signal' ? t('field.tab.signals') : s === 'lighting' ? t('field.tab.lighting') : t('field.tab.flood'));
  return (
    <>
      <p className="notice">{t('field.drill.note')}</p>
      <section className="panel">
        <h2>{t('field.drill.scenarios')}</h2>
        <ul className="scenario-list">
          {scenarios.map((s) => (
            <li key={s.name}>
              <strong>{s.title}</strong> <span className="muted">({Math.round(s.durationS / 60)} min)</span>
              <div className="muted">{s.description}</div>
              {can && (
                <button type="button" data-testid={`scenario-run-${s.name}`} onClick={() => void send('sim', { type: 'sim.scenario', name: s.name })}>
                  {t('field.drill.run')}
                </button>
              )}
            </li>
          ))}
        </ul>
        {can && (
          <button type="button" onClick={() => void send('sim', { type: 'sim.stopScenario' })}>
            {t('field.drill.stop')}
          </button>
        )}
      </section>
      {can && (
        <section className="panel">
          <h2>{t('field.drill.link')}</h2>
          <div className="row">
            <select value={scope} onChange={(e) => setScope(e.target.value as Scope)} aria-label={t('field.drill.link')} data-testid="drill-scope">
              {(['all', 'signal', 'lighting', 'flood'] as const).map((s) => (
                <option key={s} value={s}>
                  {scopeLabel(s)}
                </option>
              ))}
            </select>
            <button type="button" data-testid="drill-cut" onClick={() => void send('sim', { type: 'sim.link', up: false, scope })}>
              {t('field.drill.cut')}
            </button>
            <button type="button" data-testid="drill-restore" onClick={() => void send('sim', { type: 'sim.link', up: true, scope })}>
              {t('field.drill.restore')}
            </button>
          </div>
          <div className="row">
            <label className="row">
              {t('field.drill.rain')}
              <input type="number" min={0} max={300} value={rain} onChange={(e) => setRain(Number(e.target.value))} style={{ width: '5em' }} />
            </label>
            <button type="button" onClick={() => void send('sim', { type: 'sim.rain', mmH: rain })}>
              {t('field.drill.setRain')}
            </button>
          </div>
        </section>
      )}
    </>
  );
}
