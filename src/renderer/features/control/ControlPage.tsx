import { useEffect } from 'react';
import { useT } from '../../i18n';
import { useCity, wardName } from '../city/city-store';

export function ControlPage() {
  const t = useT();
  const { overview, assets, ensureLoaded } = useCity();
  useEffect(() => void ensureLoaded(), [ensureLoaded]);
  if (!assets) return <div className="page">{t('common.loading')}</div>;
  const routeName = (id: string) => assets.routes.find((r) => r.id === id)?.name ?? id;
  return (
    <div className="page">
      <h1>{t('control.title')}</h1>
      <p className="notice" role="note">
        {t('control.busPending')}
      </p>
      <section className="panel">
        <h2>
          {t('control.intersections')} ({assets.intersections.length})
        </h2>
        <table className="table">
          <thead>
            <tr>
              <th>ID</th>
              <th>{t('control.intersections')}</th>
              <th>{t('common.ward')}</th>
              <th>{t('control.routes')}</th>
            </tr>
          </thead>
          <tbody>
            {assets.intersections.map((i) => (
              <tr key={i.id}>
                <td>
                  <code>{i.id}</code>
                </td>
                <td>{i.name}</td>
                <td>{wardName(overview, i.wardId)}</td>
                <td>{i.routeIds.map(routeName).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel">
        <h2>
          {t('control.lighting')} ({assets.lightingCabinets.length})
        </h2>
        <ul>
          {assets.lightingCabinets.map((c) => (
            <li key={c.id}>
              <code>{c.id}</code> {c.name} — {c.street} ({assets.lamps.filter((l) => l.cabinetId === c.id).length} đèn/lamps)
            </li>
          ))}
        </ul>
      </section>
      <section className="panel">
        <h2>
          {t('control.flood')} ({assets.floodGauges.length})
        </h2>
        <table className="table">
          <thead>
            <tr>
              <th>ID</th>
              <th>{t('control.flood')}</th>
              <th>{t('common.ward')}</th>
              <th>{t('control.thresholds')}</th>
              <th>{t('control.siren')}</th>
            </tr>
          </thead>
          <tbody>
            {assets.floodGauges.map((g) => (
              <tr key={g.id}>
                <td>
                  <code>{g.id}</code>
                </td>
                <td>{g.name}</td>
                <td>{wardName(overview, g.wardId)}</td>
                <td>{g.thresholdsM.map((m) => m.toFixed(2)).join(' / ')}</td>
                <td>{g.hasSiren ? t('common.yes') : t('common.no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
