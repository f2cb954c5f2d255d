import type { CityAssets } from '../../../shared/domain/city';
import type { FieldSnapshot } from '../../../shared/domain/field';
import { useLanguage, useT } from '../../i18n';
import { useCan } from '../auth/use-permission';
import { isOnline } from './field-model';
import { clock, fixed } from './format';
import { LevelChart } from './LevelChart';
import { useSend } from './use-send';

export function FloodPanel({ snapshot, assets }: { snapshot: FieldSnapshot; assets: CityAssets }) {
  const t = useT();
  const language = useLanguage((s) => s.language);
  const send = useSend();
  const can = useCan('control.operate');
  return (
    <>
      <section className="panel">
        <table className="table" data-testid="flood-table">
          <thead>
            <tr>
              <th>{t('field.name')}</th>
              <th>{t('field.flood.level')}</th>
              <th>{t('field.flood.warning')}</th>
              <th>{t('field.flood.device.siren')}</th>
              <th>{t('field.state')}</th>
            </tr>
          </thead>
          <tbody>
            {assets.floodGauges.map((g) => {
              const s = snapshot.flood.find((e) => e.id === g.id)?.state;
              const online = isOnline(snapshot, g.id);
              return (
                <tr key={g.id} data-testid={`flood-row-${g.id}`}>
                  <td>{g.name}</td>
                  <td>{s ? `${fixed(s.levelM, 2)} m` : '—'}</td>
                  <td>{s ? <span className={`warn-level warn-${s.level}`} data-testid={`flood-level-${g.id}`}>{t(`field.flood.warning.${s.level as 0 | 1 | 2 | 3}`)}</span> : '—'}</td>
                  <td data-testid={`flood-device-${g.id}`}>{s ? (s.device.active ? t(`field.flood.active.${s.device.cause ?? 'auto'}`) : t('field.flood.inactive')) : '—'}</td>
                  <td className={online ? 'field-ok' : 'field-bad'} data-testid={`flood-link-${g.id}`}>{online ? t('field.online') : t('field.offline')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <div className="flood-grid">
        {assets.floodGauges.map((g) => {
          const entry = snapshot.flood.find((e) => e.id === g.id);
          const s = entry?.state;
          // Charts refresh when a new sample can exist: the bus keeps one per ten seconds of gauge time.
          const events = snapshot.events.filter((e) => e.controllerId === g.id).slice(-5).reverse();
          return (
            <section className="panel" key={g.id} data-testid={`gauge-${g.id}`}>
              <h3>{g.name}</h3>
              {!s ? (
                <p className="muted">{t('field.noData')}</p>
              ) : (
                <>
                  <p>
                    <strong>{fixed(s.levelM, 2)} m</strong> ({s.thresholdsM.map((m) => fixed(m, 1)).join(' / ')}) ·{' '}
                    <span className={`warn-level warn-${s.level}`}>{t(`field.flood.warning.${s.level as 0 | 1 | 2 | 3}`)}</span>
                  </p>
                  <p className="muted">
                    {t('field.flood.rain', { now: fixed(s.rainMmH), hour: fixed(s.rain1hMm) })} · {t('field.flood.rise', { rate: fixed(s.riseMPerH, 2) })}
                  </p>
                  <LevelChart gaugeId={g.id} thresholds={s.thresholdsM} label={t('field.flood.trend')} refreshKey={Math.floor(entry!.ts / 10_000)} />
                  <p>
                    {t(`field.flood.device.${s.device.kind}`)}:{' '}
                    <strong className={s.device.active ? 'field-bad' : undefined}>{s.device.active ? t(`field.flood.active.${s.device.cause ?? 'auto'}`) : t('field.flood.inactive')}</strong>
                    {s.device.silencedAtLevel !== null && <span className="muted"> · {t('field.flood.silenced', { level: s.device.silencedAtLevel })}</span>}
                    <span className="muted"> · {t('field.flood.autoAt', { level: s.autoWarnLevel })}</span>
                  </p>
                  {can && (
                    <div className="row">
                      <button type="button" onClick={() => void send(g.id, { type: 'flood.siren', action: 'trigger' })}>
                        {t('field.flood.trigger')}
                      </button>
                      <button type="button" onClick={() => void send(g.id, { type: 'flood.siren', action: 'silence' })}>
                        {t('field.flood.silence')}
                      </button>
                      {s.pumps.map((p) => (
                        <button key={p.id} type="button" onClick={() => void send(g.id, { type: 'flood.pump', pumpId: p.id, run: !p.running, auto: false })}>
                          {t('field.flood.pump', { id: p.id })}: {p.running ? t('field.flood.pumpOff') : t('field.flood.pumpOn')}
                        </button>
                      ))}
                      {s.gates.map((gate) => (
                        <button key={gate.id} type="button" onClick={() => void send(g.id, { type: 'flood.gate', gateId: gate.id, open: !gate.open })}>
                          {t('field.flood.gate', { id: gate.id })}: {gate.open ? t('field.flood.gateClose') : t('field.flood.gateOpen')}
                        </button>
                      ))}
                    </div>
                  )}
                  {events.length > 0 && (
                    <ul className="field-events" aria-label={t('field.flood.events')}>
                      {events.map((e, i) => (
                        <li key={i}>
                          {clock(language, e.event.at)} {e.event.name} {Object.entries(e.event.detail).map(([k, v]) => `${k}=${String(v)}`).join(' ')} {e.event.offline && <em>{t('field.flood.offlineEvent')}</em>}
                        </li>
                      ))}
                    </ul>
                  )}
                </>
              )}
            </section>
          );
        })}
      </div>
    </>
  );
}
