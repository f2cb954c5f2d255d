import { useMemo, useState } from 'react';
import type { RegisteredCamera } from '../../../shared/domain/camera-registry';
import { rpc } from '../../bridge';
import { useT } from '../../i18n';
import { useCity, wardName } from '../city/city-store';
import { useNotify } from '../notify/notify-store';
import { cameraMatches, placementFormOf, placementFromForm, type PlacementForm } from './camera-admin-logic';
import { notifyCameraError } from './camera-errors';

/** Every camera the console knows, with ward and group; edit placement, transcode, remove. */
export function CamerasTab({ cameras, onChanged }: { cameras: RegisteredCamera[]; onChanged: () => void }) {
  const t = useT();
  const overview = useCity((s) => s.overview);
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const shown = useMemo(
    () => cameras.filter((c) => cameraMatches(c, query, c.wardId ? wardName(overview, c.wardId) : '')).sort((a, b) => a.name.localeCompare(b.name, 'vi')),
    [cameras, query, overview],
  );

  const remove = (c: RegisteredCamera) =>
    rpc('cameras.remove', { id: c.id })
      .then(() => {
        useNotify.getState().push('info', t('cameraAdmin.removed', { name: c.name }));
        setConfirming(null);
        onChanged();
      })
      .catch((e: unknown) => notifyCameraError(t, e));

  const setTranscode = (c: RegisteredCamera, enabled: boolean) =>
    rpc('cameras.setTranscode', { id: c.id, enabled })
      .then(() => {
        useNotify.getState().push('info', t(enabled ? 'cameraAdmin.transcodeOn' : 'cameraAdmin.transcodeOff', { name: c.name }));
        onChanged();
      })
      .catch((e: unknown) => notifyCameraError(t, e));

  return (
    <section aria-labelledby="camera-admin-cameras">
      <div className="row">
        <h3 id="camera-admin-cameras">{t('cameraAdmin.cameras', { count: cameras.length })}</h3>
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('cameraAdmin.filter')} aria-label={t('cameraAdmin.filter')} data-testid="camera-admin-filter" />
      </div>
      <table className="table camera-admin-table" data-testid="camera-admin-cameras">
        <thead>
          <tr>
            <th>{t('cameraAdmin.col.name')}</th>
            <th>{t('cameraAdmin.col.ward')}</th>
            <th>{t('cameraAdmin.col.group')}</th>
            <th>{t('cameraAdmin.col.position')}</th>
            <th>{t('cameraAdmin.col.source')}</th>
            <th>{t('cameraAdmin.col.codec')}</th>
            <th>{t('cameraAdmin.col.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((c) =>
            editing === c.id ? (
              <tr key={c.id} data-camera-id={c.id}>
                <td colSpan={7}>
                  <EditCamera
                    camera={c}
                    onDone={(saved) => {
                      setEditing(null);
                      if (saved) onChanged();
                    }}
                  />
                </td>
              </tr>
            ) : (
              <tr key={c.id} data-camera-id={c.id}>
                <td>
                  {c.name}
                  <br />
                  <code className="muted">{c.id}</code>
                </td>
                <td>{c.wardId ? wardName(overview, c.wardId) : '—'}</td>
                <td>{c.group ?? '—'}</td>
                <td>{c.position ? `${c.position[1].toFixed(5)}, ${c.position[0].toFixed(5)}${c.heading !== null ? ` · ${Math.round(c.heading)}°` : ''}` : <span className="muted">{t('cameraAdmin.notPlaced')}</span>}</td>
                <td>{c.source}</td>
                <td>
                  {c.main?.codec ?? '—'}
                  {c.main?.codec === 'h265' ? (
                    <label className="row camera-admin-inline">
                      <input type="checkbox" checked={c.transcode} data-testid="camera-admin-transcode" onChange={(e) => void setTranscode(c, e.target.checked)} />
                      {t('cameraAdmin.transcode')}
                    </label>
                  ) : null}
                </td>
                <td className="camera-admin-actions">
                  <button type="button" onClick={() => (setEditing(c.id), setConfirming(null))}>
                    {t('cameraAdmin.edit')}
                  </button>
                  {confirming === c.id ? (
                    <>
                      <button type="button" className="danger" data-testid="camera-admin-remove-confirm" onClick={() => void remove(c)}>
                        {t('cameraAdmin.removeConfirm', { name: c.name })}
                      </button>
                      <button type="button" onClick={() => setConfirming(null)}>
                        {t('cameraAdmin.cancel')}
                      </button>
                    </>
                  ) : (
                    <button type="button" data-testid="camera-admin-remove" onClick={() => setConfirming(c.id)}>
                      {t('cameraAdmin.remove')}
                    </button>
                  )}
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </section>
  );
}

function EditCamera({ camera, onDone }: { camera: RegisteredCamera; onDone: (saved: boolean) => void }) {
  const t = useT();
  const wards = useCity((s) => s.overview?.wards ?? []);
  const [form, setForm] = useState<PlacementForm>(() => placementFormOf(camera));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = (key: keyof PlacementForm) => ({
    value: form[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setForm((f) => ({ ...f, [key]: e.target.value })),
  });

  return (
    <form
      className="inline-form camera-admin-edit"
      data-testid="camera-admin-edit"
      onSubmit={(e) => {
        e.preventDefault();
        const result = placementFromForm(form);
        if (!result.ok) return setError(t(result.error));
        setError(null);
        setBusy(true);
        rpc('cameras.update', { id: camera.id, placement: result.placement })
          .then((saved) => {
            useNotify.getState().push('info', t('cameraAdmin.saved', { name: saved.name }));
            onDone(true);
          })
          .catch((err: unknown) => notifyCameraError(t, err))
          .finally(() => setBusy(false));
      }}
    >
      <label className="field">
        {t('cameraAdmin.name')}
        <input {...field('name')} maxLength={120} required />
      </label>
      <label className="field">
        {t('cameraAdmin.lat')}
        <input {...field('lat')} inputMode="decimal" />
      </label>
      <label className="field">
        {t('cameraAdmin.lng')}
        <input {...field('lng')} inputMode="decimal" />
      </label>
      <label className="field">
        {t('cameraAdmin.heading')}
        <input {...field('heading')} inputMode="decimal" />
      </label>
      <label className="field">
        {t('cameraAdmin.ward')}
        <select {...field('wardId')}>
          <option value="">{t('cameraAdmin.noWard')}</option>
          {wards.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
          {form.wardId && !wards.some((w) => w.id === form.wardId) ? <option value={form.wardId}>{form.wardId}</option> : null}
        </select>
      </label>
      <label className="field">
        {t('cameraAdmin.group')}
        <input {...field('group')} maxLength={60} />
      </label>
      <label className="field">
        {t('cameraAdmin.address')}
        <input {...field('address')} maxLength={200} />
      </label>
      <div className="row field">
        <button type="submit" className="primary" disabled={busy}>
          {t('cameraAdmin.save')}
        </button>
        <button type="button" onClick={() => onDone(false)}>
          {t('cameraAdmin.cancel')}
        </button>
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
