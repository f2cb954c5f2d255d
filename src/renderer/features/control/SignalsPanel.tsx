import { useState } from 'react';
import type { CityAssets } from '../../../shared/domain/city';
import type { FieldSnapshot, SignalEntry } from '../../../shared/domain/field';
import { signalModes, type SignalMode } from '../../../shared/domain/field-signals';
import { rpc } from '../../bridge';
import { useLanguage, useT } from '../../i18n';
import { useCan } from '../auth/use-permission';
import { useNotify } from '../notify/notify-store';
import { isOnline } from './field-model';
import { clock } from './format';
import { reportError } from './use-send';
import { useSend } from './use-send';

export function SignalsPanel({ snapshot, assets }: { snapshot: FieldSnapshot; assets: CityAssets }) {
  const t = useT();
  const [selected, setSelected] = useState<string>(assets.intersections[0]?.id ?? '');
  const entry = snapshot.signals.find((s) => s.id === selected);
  return (
    <>
      <section className="panel">
        <table className="table" data-testid="signals-table">
          <thead>
            <tr>
              <th>{t('field.name')}</th>
              <th>{t('field.signal.mode')}</th>
              <th>{t('field.signal.plan')}</th>
              <th>{t('field.signal.phase')}</th>
              <th>{t('field.signal.remaining')}</th>
              <th>{t('field.state')}</th>
            </tr>
          </thead>
          <tbody>
            {assets.intersections.map((i) => {
              const s = snapshot.signals.find((e) => e.id === i.id)?.state;
              const online = isOnline(snapshot, i.id);
              return (
                <tr key={i.id} className={i.id === selected ? 'field-selected' : undefined} data-testid={`signal-row-${i.id}`}>
                  <td>
                    <button type="button" className="link-button" onClick={() => setSelected(i.id)} aria-pressed={i.id === selected}>
                      {i.name}
                    </button>
                  </td>
                  <td data-testid={`signal-mode-${i.id}`}>{s ? t(`field.signal.mode.${s.mode}`) : '—'}</td>
                  <td>{s?.planId ?? '—'}</td>
                  <td>
                    {s ? (
                      <span className={`phase-chip phase-${s.interval}`} data-testid={`signal-phase-${i.id}`}>
                        {s.phaseIndex + 1} · {t(`field.signal.interval.${s.interval}`)}
                      </span>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>{s?.remainingS !== null && s?.remainingS !== undefined ? `${Math.ceil(s.remainingS)} s` : '—'}</td>
                  <td className={online ? 'field-ok' : 'field-bad'}>{online ? t('field.online') : t('field.offline')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      {entry ? <SignalDetail entry={entry} snapshot={snapshot} name={assets.intersections.find((i) => i.id === selected)?.name ?? selected} /> : <p className="muted">{t('field.noData')}</p>}
      <GreenWaveForm assets={assets} />
    </>
  );
}

function SignalDetail({ entry, snapshot, name }: { entry: SignalEntry; snapshot: FieldSnapshot; name: string }) {
  const t = useT();
  const language = useLanguage((s) => s.language);
  const send = useSend();
  const can = useCan('control.operate');
  const s = entry.state;
  const [plan, setPlan] = useState(s.planIds[0] ?? 'P1');
  const [mode, setMode] = useState<SignalMode>('manual');
  const [revert, setRevert] = useState(5);
  const [phase, setPhase] = useState(0);
  const [reason, setReason] = useState('');
  const recommendation = snapshot.recommendations.find((r) => r.intersectionId === entry.id);
  const id = entry.id;
  return (
    <section className="panel" data-testid="signal-detail" aria-label={name}>
      <h2>{name}</h2>
      <p>
        {t('field.signal.cycle', { cycle: s.cycleS, offset: s.plan.offsetS })}
        {s.heldPhase !== null && <span className="badge"> {t('field.signal.held', { phase: s.heldPhase + 1 })}</span>}
        {s.manualUntil !== null && (
          <span className="badge field-warn" data-testid="signal-manual-until">
            {t('field.signal.manualUntil', { time: clock(language, s.manualUntil), mode: t(`field.signal.mode.${s.revertTo ?? 'fixed'}`) })}
          </span>
        )}
      </p>
      {can && (
        <div className="field-actions">
          <label className="field">
            {t('field.reason')}
            <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
          </label>
          <div className="row">
            <select aria-label={t('field.signal.plan')} value={plan} onChange={(e) => setPlan(e.target.value)}>
              {s.planIds.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
            <button type="button" onClick={() => void send(id, { type: 'signal.setPlan', planId: plan }, reason)}>
              {t('field.signal.setPlan')}
            </button>
          </div>
          <div className="row">
            <select aria-label={t('field.signal.mode')} data-testid="signal-mode-select" value={mode} onChange={(e) => setMode(e.target.value as SignalMode)}>
              {signalModes.map((m) => (
                <option key={m} value={m}>
                  {t(`field.signal.mode.${m}`)}
                </option>
              ))}
            </select>
            {mode === 'manual' && (
              <label className="row">
                {t('field.signal.revertAfter')}
                <input type="number" data-testid="signal-revert-minutes" min={1} max={60} value={revert} onChange={(e) => setRevert(Number(e.target.value))} style={{ width: '5em' }} />
              </label>
            )}
            <button
              type="button"
              data-testid="signal-set-mode"
              onClick={() => void send(id, mode === 'manual' ? { type: 'signal.setMode', mode, revertAfterMin: revert } : { type: 'signal.setMode', mode }, reason)}
            >
              {t('field.signal.setMode')}
            </button>
          </div>
          <div className="row">
            <select aria-label={t('field.signal.phase')} value={phase} onChange={(e) => setPhase(Number(e.target.value))}>
              {s.plan.phases.map((p, i) => (
                <option key={i} value={i}>
                  {i + 1}. {p.name}
                </option>
              ))}
            </select>
            <button type="button" onClick={() => void send(id, { type: 'signal.hold', phaseIndex: phase }, reason)}>
              {t('field.signal.hold')}
            </button>
            <button type="button" onClick={() => void send(id, { type: 'signal.release' }, reason)}>
              {t('field.signal.release')}
            </button>
            <button type="button" onClick={() => void send(id, { type: 'signal.skip', phaseIndex: phase }, reason)}>
              {t('field.signal.skip')}
            </button>
            <button type="button" disabled={s.mode !== 'manual'} onClick={() => void send(id, { type: 'signal.advance' }, reason)}>
              {t('field.signal.advance')}
            </button>
          </div>
        </div>
      )}
      <h3>{t('field.signal.plans')}</h3>
      <table className="table" data-testid="signal-plans">
        <thead>
          <tr>
            <th>{t('field.signal.phase')}</th>
            <th>{t('field.signal.applied')}</th>
            <th>{t('field.signal.recommended')}</th>
            <th>{t('field.signal.flow')}</th>
          </tr>
        </thead>
        <tbody>
          {s.plan.phases.map((p, i) => (
            <tr key={i}>
              <td>
                {i + 1}. {p.name}
              </td>
              <td>{p.greenS} s</td>
              <td>{recommendation ? `${recommendation.greenS[i] ?? '—'} s` : '—'}</td>
              <td>{recommendation?.flowsVehH[i] ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {recommendation && (
        <p className="muted">
          {t('field.signal.saturation', { value: recommendation.saturation.toFixed(2) })} ·{' '}
          {recommendation.appliedAt ? t('field.signal.appliedAt', { time: clock(language, recommendation.appliedAt) }) : t('field.signal.notApplied')}
        </p>
      )}
    </section>
  );
}

function GreenWaveForm({ assets }: { assets: CityAssets }) {
  const t = useT();
  const can = useCan('control.operate');
  const push = useNotify((s) => s.push);
  const [routeId, setRouteId] = useState(assets.routes[0]?.id ?? '');
  const [speed, setSpeed] = useState(40);
  const [cycle, setCycle] = useState(90);
  if (!can) return null;
  const apply = async () => {
    try {
      const records = await rpc('field.greenWave', { routeId, speedKmh: speed, cycleS: cycle });
      const done = records.filter((r) => r.status === 'done').length;
      push(done === records.length ? 'info' : 'error', `${done}/${records.length} ✓`);
    } catch (err) {
      reportError(t, push, routeId, err);
    }
  };
  return (
    <section className="panel">
      <h2>{t('field.signal.greenWave')}</h2>
      <div className="row">
        <label className="row">
          {t('field.signal.route')}
          <select value={routeId} onChange={(e) => setRouteId(e.target.value)}>
            {assets.routes.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <label className="row">
          {t('field.signal.speed')}
          <input type="number" min={10} max={80} value={speed} onChange={(e) => setSpeed(Number(e.target.value))} style={{ width: '5em' }} />
        </label>
        <label className="row">
          {t('field.signal.cycleS')}
          <input type="number" min={40} max={200} value={cycle} onChange={(e) => setCycle(Number(e.target.value))} style={{ width: '5em' }} />
        </label>
        <button type="button" onClick={() => void apply()}>
          {t('field.signal.applyWave')}
        </button>
      </div>
    </section>
  );
}
