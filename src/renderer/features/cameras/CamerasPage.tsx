import { useEffect, useMemo, useState } from 'react';
import { foldForSearch } from '../../../shared/text/fold';
import { useT } from '../../i18n';
import { useCity, wardName } from '../city/city-store';

export function CamerasPage() {
  const t = useT();
  const { overview, assets, ensureLoaded } = useCity();
  const [ward, setWard] = useState('');
  const [query, setQuery] = useState('');
  useEffect(() => void ensureLoaded(), [ensureLoaded]);

  const cameras = useMemo(() => {
    const q = foldForSearch(query);
    return (assets?.cameras ?? []).filter(
      (c) => (!ward || c.wardId === ward) && (!q || foldForSearch(`${c.name} ${c.address} ${c.id}`).includes(q)),
    );
  }, [assets, ward, query]);

  return (
    <div className="page">
      <h1>{t('cameras.title')}</h1>
      <p className="notice" role="note">
        {t('cameras.videoPending')}
      </p>
      <div className="row filters">
        <label>
          {t('common.ward')}{' '}
          <select value={ward} onChange={(e) => setWard(e.target.value)} data-testid="camera-ward-filter">
            <option value="">{t('common.all')}</option>
            {overview?.wards.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('common.search')} <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
        <span className="muted">{t('cameras.count', { count: cameras.length })}</span>
      </div>
      <table className="table" data-testid="camera-table">
        <thead>
          <tr>
            <th>ID</th>
            <th>{t('cameras.title')}</th>
            <th>{t('common.ward')}</th>
            <th>{t('cameras.address')}</th>
            <th>{t('cameras.heading')}</th>
          </tr>
        </thead>
        <tbody>
          {cameras.map((c) => (
            <tr key={c.id}>
              <td>
                <code>{c.id}</code>
              </td>
              <td>
                <span className={`badge ${c.kind === 'ai' ? 'accent' : ''}`}>{t(`cameras.kind.${c.kind}`)}</span> {c.name}
              </td>
              <td>{wardName(overview, c.wardId)}</td>
              <td>{c.address}</td>
              <td>{Math.round(c.heading)}°</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
