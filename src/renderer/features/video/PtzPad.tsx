import { useEffect, useState } from 'react';
import type { PtzPreset } from '../../../shared/domain/camera-devices';
import type { RegisteredCamera } from '../../../shared/domain/camera-registry';
import { rpc } from '../../bridge';
import { useT } from '../../i18n';
import { useCan } from '../auth/use-permission';
import { notifyError } from '../notify/notify-store';

/** Hold a direction to move, release to stop; presets to go to and save. */
export function PtzPad({ camera }: { camera: RegisteredCamera }) {
  const t = useT();
  const canMove = useCan('video.ptz');
  const [presets, setPresets] = useState<PtzPreset[]>([]);
  const [name, setName] = useState('');

  useEffect(() => {
    let live = true;
    rpc('ptz.presets', { cameraId: camera.id })
      .then((p) => live && setPresets(p))
      .catch(() => live && setPresets([]));
    return () => {
      live = false;
    };
  }, [camera.id]);

  const move = (pan: number, tilt: number, zoom: number) => void rpc('ptz.move', { cameraId: camera.id, velocity: { pan, tilt, zoom } }).catch((e: unknown) => notifyError(t, e));
  const stop = () => void rpc('ptz.stop', { cameraId: camera.id }).catch((e: unknown) => notifyError(t, e));
  const hold = (pan: number, tilt: number, zoom: number, label: string, testId: string) => (
    <button
      type="button"
      disabled={!canMove}
      aria-label={label}
      title={label}
      data-testid={testId}
      onPointerDown={() => move(pan, tilt, zoom)}
      onPointerUp={stop}
      onPointerLeave={(e) => e.buttons && stop()}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && !e.repeat && move(pan, tilt, zoom)}
      onKeyUp={(e) => (e.key === 'Enter' || e.key === ' ') && stop()}
    >
      {label}
    </button>
  );

  return (
    <section className="ptz" aria-label={t('video.ptz')} data-testid="ptz-pad">
      <h3>{t('video.ptz')}</h3>
      <div className="ptz-grid">
        <span />
        {hold(0, 0.6, 0, t('video.ptz.up'), 'ptz-up')}
        <span />
        {hold(-0.6, 0, 0, t('video.ptz.left'), 'ptz-left')}
        <button type="button" disabled={!canMove} onClick={stop}>
          {t('video.ptz.stop')}
        </button>
        {hold(0.6, 0, 0, t('video.ptz.right'), 'ptz-right')}
        {hold(0, 0, 0.6, t('video.ptz.zoomIn'), 'ptz-zoom-in')}
        {hold(0, -0.6, 0, t('video.ptz.down'), 'ptz-down')}
        {hold(0, 0, -0.6, t('video.ptz.zoomOut'), 'ptz-zoom-out')}
      </div>
      <h4>{t('video.presets')}</h4>
      <ul className="presets">
        {presets.map((p) => (
          <li key={p.token}>
            <button type="button" disabled={!canMove} onClick={() => void rpc('ptz.gotoPreset', { cameraId: camera.id, token: p.token }).catch((e: unknown) => notifyError(t, e))}>
              {t('video.presetGo')}: {p.name}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (!name.trim()) return;
          rpc('ptz.savePreset', { cameraId: camera.id, name: name.trim() })
            .then((p) => {
              setPresets((list) => [...list.filter((x) => x.token !== p.token), p]);
              setName('');
            })
            .catch((err: unknown) => notifyError(t, err));
        }}
      >
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('video.presetName')} aria-label={t('video.presetName')} maxLength={64} disabled={!canMove} />
        <button type="submit" disabled={!canMove}>
          {t('video.presetSave')}
        </button>
      </form>
    </section>
  );
}
