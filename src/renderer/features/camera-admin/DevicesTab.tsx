import { useState } from 'react';
import type { DiscoveredDevice } from '../../../shared/domain/camera-devices';
import type { CameraDevice } from '../../../shared/domain/camera-registry';
import { rpc } from '../../bridge';
import { useT } from '../../i18n';
import { useCity } from '../city/city-store';
import { useNotify } from '../notify/notify-store';
import { deviceServiceUrl, discoveredXaddr } from './camera-admin-logic';
import { describeCameraError } from './camera-errors';

interface Credentials {
  username: string;
  password: string;
  wardId: string;
  group: string;
}

/** Cameras and NVRs: the list, add by address, and WS-Discovery by unicast to a host or range. */
export function DevicesTab({ devices, onChanged }: { devices: CameraDevice[]; onChanged: () => void }) {
  const t = useT();
  const wards = useCity((s) => s.overview?.wards ?? []);
  const [host, setHost] = useState('');
  const [port, setPort] = useState('80');
  const [creds, setCreds] = useState<Credentials>({ username: '', password: '', wardId: '', group: '' });
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [targets, setTargets] = useState('');
  const [discoverPort, setDiscoverPort] = useState('');
  const [found, setFound] = useState<DiscoveredDevice[] | null>(null);
  const [discoverError, setDiscoverError] = useState<string | null>(null);

  const add = (xaddr: string) => {
    setBusy(xaddr);
    setError(null);
    rpc('cameras.addDevice', { xaddr, username: creds.username, password: creds.password, wardId: creds.wardId || null, group: creds.group.trim() || null })
      .then((r) => {
        useNotify.getState().push('info', t('cameraAdmin.added', { name: r.device.name, count: r.cameras.length }));
        // The password went once; it is not kept in this window.
        setCreds((c) => ({ ...c, password: '' }));
        onChanged();
      })
      .catch((err: unknown) => setError(describeCameraError(t, err)))
      .finally(() => setBusy(null));
  };

  const discover = () => {
    setDiscoverError(null);
    setFound(null);
    const p = discoverPort.trim() === '' ? undefined : Number(discoverPort);
    if (p !== undefined && !(Number.isInteger(p) && p >= 1 && p <= 65535)) return setDiscoverError(t('cameraAdmin.badAddress', { reason: 'port 1–65535' }));
    setBusy('discover');
    rpc('cameras.discover', { targets: targets.trim(), multicast: false, ...(p !== undefined ? { port: p } : {}) })
      .then(setFound)
      .catch((err: unknown) => setDiscoverError(describeCameraError(t, err)))
      .finally(() => setBusy(null));
  };

  const cred = (key: keyof Credentials) => ({
    value: creds[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setCreds((c) => ({ ...c, [key]: e.target.value })),
  });

  return (
    <div className="camera-admin-devices">
      <section aria-labelledby="camera-admin-add">
        <h3 id="camera-admin-add">{t('cameraAdmin.add')}</h3>
        <form
          className="inline-form"
          data-testid="camera-admin-add"
          onSubmit={(e) => {
            e.preventDefault();
            const url = deviceServiceUrl(host, port);
            if (!url.ok) return setError(t('cameraAdmin.badAddress', { reason: url.reason }));
            add(url.xaddr);
          }}
        >
          <label className="field">
            {t('cameraAdmin.host')}
            <input value={host} onChange={(e) => setHost(e.target.value)} required maxLength={255} placeholder="192.168.1.64" />
          </label>
          <label className="field">
            {t('cameraAdmin.port')}
            <input value={port} onChange={(e) => setPort(e.target.value)} inputMode="numeric" size={6} />
          </label>
          <label className="field">
            {t('cameraAdmin.username')}
            <input {...cred('username')} autoComplete="off" maxLength={128} />
          </label>
          <label className="field">
            {t('cameraAdmin.password')}
            <input {...cred('password')} type="password" autoComplete="new-password" maxLength={256} />
          </label>
          <label className="field">
            {t('cameraAdmin.ward')}
            <select {...cred('wardId')}>
              <option value="">{t('cameraAdmin.noWard')}</option>
              {wards.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            {t('cameraAdmin.group')}
            <input {...cred('group')} maxLength={60} />
          </label>
          <div className="field">
            <button type="submit" className="primary" disabled={busy !== null}>
              {busy !== null && busy !== 'discover' ? t('cameraAdmin.adding') : t('cameraAdmin.addSubmit')}
            </button>
          </div>
        </form>
        <p className="muted">{t('cameraAdmin.passwordNote')}</p>
        {error ? (
          <p className="form-error" role="alert" data-testid="camera-admin-add-error">
            {error}
          </p>
        ) : null}
      </section>

      <section aria-labelledby="camera-admin-discover">
        <h3 id="camera-admin-discover">{t('cameraAdmin.discover')}</h3>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            discover();
          }}
        >
          <label className="field">
            {t('cameraAdmin.targets')}
            <input value={targets} onChange={(e) => setTargets(e.target.value)} required maxLength={64} placeholder="192.168.1.10-60" data-testid="camera-admin-targets" />
          </label>
          <label className="field">
            {t('cameraAdmin.discoverPort')}
            <input value={discoverPort} onChange={(e) => setDiscoverPort(e.target.value)} inputMode="numeric" size={6} placeholder="3702" />
          </label>
          <div className="field">
            <button type="submit" disabled={busy !== null}>
              {busy === 'discover' ? t('cameraAdmin.discovering') : t('cameraAdmin.discoverSubmit')}
            </button>
          </div>
        </form>
        {discoverError ? (
          <p className="form-error" role="alert">
            {discoverError}
          </p>
        ) : null}
        {found ? (
          found.length === 0 ? (
            <p className="muted">{t('cameraAdmin.discoverNone')}</p>
          ) : (
            <>
              <p>{t('cameraAdmin.discoverFound', { count: found.length })}</p>
              <ul className="camera-admin-device-list" data-testid="camera-admin-found">
                {found.map((d) => {
                  const xaddr = discoveredXaddr(d);
                  return (
                    <li key={d.endpoint}>
                      <span className="badge">{d.kind === 'unknown' ? '?' : t(`cameraAdmin.device.kind.${d.kind}`)}</span> <strong>{d.name ?? d.from}</strong>{' '}
                      <span className="muted">{d.hardware ?? ''}</span>
                      <br />
                      <code className="muted">{xaddr ?? d.endpoint}</code>{' '}
                      <button type="button" disabled={!xaddr || busy !== null} onClick={() => xaddr && add(xaddr)}>
                        {t('cameraAdmin.useFound')}
                      </button>
                    </li>
                  );
                })}
              </ul>
              <p className="muted">{t('cameraAdmin.foundCreds')}</p>
            </>
          )
        ) : null}
      </section>

      <section aria-labelledby="camera-admin-devices">
        <h3 id="camera-admin-devices">
          {t('cameraAdmin.devices')} ({devices.length})
        </h3>
        {devices.length === 0 ? <p className="muted">{t('cameraAdmin.noDevices')}</p> : null}
        <ul className="camera-admin-device-list" data-testid="camera-admin-devices">
          {devices.map((d) => (
            <li key={d.id}>
              <span className="badge">{t(`cameraAdmin.device.kind.${d.kind}`)}</span> <strong>{d.name}</strong> <span className="muted">{d.model}</span>{' '}
              <span className="muted">{t('cameraAdmin.device.channels', { count: d.channelCount })}</span>{' '}
              <span className={`badge ${d.status === 'online' ? '' : 'warn'}`} title={d.statusDetail ?? undefined}>
                {t(`cameraAdmin.status.${d.status}`)}
              </span>
              <br />
              <code className="muted">{d.xaddr}</code>
              {d.statusDetail ? <span className="muted"> — {d.statusDetail}</span> : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
