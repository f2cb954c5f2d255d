import { useEffect, useMemo, useState } from 'react';
import type { RegisteredCamera } from '../../../shared/domain/camera-registry';
import { plateEngineChoices, visionTasks, type PlateEngineChoice, type VisionSettings, type VisionTask, type ZoneThreshold } from '../../../shared/domain/vision';
import { rpc } from '../../bridge';
import { useT } from '../../i18n';
import { useCan } from '../auth/use-permission';
import { notifyError, useNotify } from '../notify/notify-store';
import { canFinish, finishDraft } from './draft';
import { useVision } from './vision-store';
import './vision.css';

const sum = (r: Record<string, number | undefined>) => Object.values(r).reduce<number>((a, b) => a + (b ?? 0), 0);

/** Analytics for the selected tile's camera: tasks, zones and lines drawn on the picture, thresholds, start/stop and what it finds. */
export function VisionPanel({ camera }: { camera: RegisteredCamera }) {
  const t = useT();
  const canConfigure = useCan('analytics.configure');
  const saved = useVision((s) => s.settings[camera.id]);
  const state = useVision((s) => s.states[camera.id]);
  const counts = useVision((s) => s.counts[camera.id]);
  const allAlerts = useVision((s) => s.alerts);
  const allPlates = useVision((s) => s.plates);
  const alerts = useMemo(() => allAlerts.filter((a) => a.cameraId === camera.id).slice(0, 5), [allAlerts, camera.id]);
  const plates = useMemo(() => allPlates.filter((p) => p.cameraId === camera.id).slice(0, 8), [allPlates, camera.id]);
  const overlay = useVision((s) => s.overlay);
  const draft = useVision((s) => (s.draft?.cameraId === camera.id ? s.draft.draft : null));
  // Unsaved changes belong to the camera they were made on; switching tiles shows the other camera's saved settings.
  const [pending, setPending] = useState<{ cameraId: string; settings: VisionSettings } | null>(null);
  const edit = pending?.cameraId === camera.id ? pending.settings : (saved ?? null);
  const [shapeName, setShapeName] = useState('');

  useEffect(() => {
    const store = useVision.getState();
    void store.ensureLoaded();
    void store.loadSettings(camera.id);
    return () => store.cancelDraft();
  }, [camera.id]);

  if (!edit) return <section className="vision-panel" aria-label={t('vision.title')}><h3>{t('vision.title')}</h3></section>;

  const save = (next: VisionSettings) =>
    useVision
      .getState()
      .saveSettings(camera.id, next)
      .then((s) => {
        setPending(null);
        return s;
      });
  const change = (next: VisionSettings) => setPending({ cameraId: camera.id, settings: next });
  const toggleTask = (task: VisionTask, on: boolean) => {
    const tasks = on ? [...new Set([...edit.tasks, task])] : edit.tasks.filter((x) => x !== task);
    if (tasks.length) change({ ...edit, tasks });
  };
  const setThreshold = (zoneId: string, threshold: ZoneThreshold | undefined) =>
    change({ ...edit, zones: edit.zones.map((z) => (z.id === zoneId ? { ...z, threshold } : z)) });
  const running = state?.status === 'running' || state?.status === 'degraded' || state?.status === 'starting';
  const fail = (e: unknown) => notifyError(t, e);

  return (
    <section className="vision-panel" aria-label={t('vision.title')} data-testid="vision-panel">
      <h3>{t('vision.title')}</h3>
      {!canConfigure ? <p className="muted">{t('vision.noPermission')}</p> : null}
      <fieldset disabled={!canConfigure}>
        {visionTasks.map((task) => (
          <label key={task} className="row">
            <input type="checkbox" checked={edit.tasks.includes(task)} onChange={(e) => toggleTask(task, e.target.checked)} data-testid={`vision-task-${task}`} />
            {t(`vision.task.${task}`)}
          </label>
        ))}
        <label className="row">
          {t('vision.fps')}{' '}
          <input type="number" min={0.2} max={5} step={0.2} value={edit.fps} onChange={(e) => change({ ...edit, fps: Math.min(5, Math.max(0.2, Number(e.target.value) || 1)) })} />
        </label>
        <label className="row">
          <input type="checkbox" checked={edit.tiling.enabled} onChange={(e) => change({ ...edit, tiling: { ...edit.tiling, enabled: e.target.checked } })} />
          {t('vision.tiling')}
        </label>
        {edit.tasks.includes('plates') ? (
          <label className="row">
            {t('vision.plateEngine')}{' '}
            <select value={edit.plateEngine} onChange={(e) => change({ ...edit, plateEngine: e.target.value as PlateEngineChoice })} data-testid="vision-plate-engine">
              {plateEngineChoices.map((engine) => (
                <option key={engine} value={engine}>
                  {t(`vision.plateEngine.${engine}`)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <div className="row">
          <button type="button" onClick={() => useVision.getState().startDraft(camera.id, 'zone')} data-testid="vision-draw-zone">
            {t('vision.drawZone')}
          </button>
          <button type="button" onClick={() => useVision.getState().startDraft(camera.id, 'line')} data-testid="vision-draw-line">
            {t('vision.drawLine')}
          </button>
        </div>
        {draft ? (
          <div className="row">
            <span className="muted">{t('vision.drawHint')}</span>
            <input value={shapeName} onChange={(e) => setShapeName(e.target.value)} placeholder={t('vision.shapeName')} aria-label={t('vision.shapeName')} maxLength={120} />
            <button
              type="button"
              disabled={!canFinish(draft)}
              data-testid="vision-draw-finish"
              onClick={() => {
                change(finishDraft(edit, draft, shapeName.trim()));
                setShapeName('');
                useVision.getState().cancelDraft();
              }}
            >
              {t('vision.finish')}
            </button>
            <button type="button" onClick={() => useVision.getState().cancelDraft()}>
              {t('vision.cancel')}
            </button>
          </div>
        ) : null}
        {edit.zones.length ? <h4>{t('vision.zones')}</h4> : null}
        <ul>
          {edit.zones.map((z) => {
            const c = counts?.zones.find((x) => x.zoneId === z.id);
            return (
              <li key={z.id} data-testid={`vision-zone-row-${z.id}`} className={c?.alerting ? 'vision-alert' : ''}>
                <strong>{z.name}</strong> · <span data-testid={`vision-zone-people-${z.id}`}>{t('vision.people', { count: c?.people ?? 0 })}</span>
                <div className="row">
                  {t('vision.thresholdCount')}{' '}
                  <input
                    type="number"
                    min={1}
                    max={100000}
                    value={z.threshold?.count ?? ''}
                    aria-label={`${t('vision.threshold')} ${z.name}`}
                    data-testid={`vision-threshold-${z.id}`}
                    onChange={(e) => {
                      const n = Math.round(Number(e.target.value));
                      setThreshold(z.id, n >= 1 ? { holdS: z.threshold?.holdS ?? 10, clearRatio: z.threshold?.clearRatio ?? 0.8, count: n } : undefined);
                    }}
                  />
                  {t('vision.thresholdHold')}{' '}
                  <input
                    type="number"
                    min={0}
                    max={3600}
                    value={z.threshold?.holdS ?? 10}
                    disabled={!z.threshold}
                    aria-label={`${t('vision.thresholdHold')} ${z.name}`}
                    data-testid={`vision-hold-${z.id}`}
                    onChange={(e) => z.threshold && setThreshold(z.id, { ...z.threshold, holdS: Math.min(3600, Math.max(0, Number(e.target.value) || 0)) })}
                  />
                  <button type="button" onClick={() => change({ ...edit, zones: edit.zones.filter((x) => x.id !== z.id) })}>
                    {t('vision.remove')}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
        {edit.lines.length ? <h4>{t('vision.lines')}</h4> : null}
        <ul>
          {edit.lines.map((l) => {
            const c = counts?.lines.find((x) => x.lineId === l.id);
            return (
              <li key={l.id}>
                <strong>{l.name}</strong> · {t('vision.crossings', { ab: c ? sum(c.aToB) : 0, ba: c ? sum(c.bToA) : 0 })}{' '}
                <button type="button" onClick={() => change({ ...edit, lines: edit.lines.filter((x) => x.id !== l.id) })}>
                  {t('vision.remove')}
                </button>
              </li>
            );
          })}
        </ul>
        <div className="row">
          <button
            type="button"
            data-testid="vision-save"
            onClick={() => void save(edit).then(() => useNotify.getState().push('info', t('vision.saved')), fail)}
          >
            {t('vision.save')}
          </button>
          {running ? (
            <button type="button" data-testid="vision-stop" onClick={() => void rpc('vision.stop', { cameraId: camera.id }).catch(fail)}>
              {t('vision.stop')}
            </button>
          ) : (
            <button type="button" data-testid="vision-start" onClick={() => void save(edit).then(() => rpc('vision.start', { cameraId: camera.id })).catch(fail)}>
              {t('vision.start')}
            </button>
          )}
        </div>
      </fieldset>
      <label className="row">
        <input type="checkbox" checked={overlay} onChange={(e) => useVision.getState().setOverlay(e.target.checked)} data-testid="vision-overlay-toggle" />
        {t('vision.overlay')}
      </label>
      {state ? (
        <p className="vision-state" role="status" data-testid="vision-state" data-status={state.status}>
          <strong>{t(`vision.status.${state.status}`)}</strong>
          {state.reason ? ` — ${state.reason}` : ''}
          <br />
          {t('vision.stateLine', { fps: state.analysedFps.toFixed(1), drops: state.drops, ms: state.msPerFrame === null ? '–' : Math.round(state.msPerFrame) })}
        </p>
      ) : null}
      {alerts.length ? (
        <>
          <h4>{t('vision.alerts')}</h4>
          <ul data-testid="vision-alerts">
            {alerts.map((a) => (
              <li key={`${a.zoneId}-${a.ts}-${a.kind}`} className={a.kind === 'raised' ? 'vision-alert' : 'muted'}>
                {new Date(a.ts).toLocaleTimeString()} ·{' '}
                {a.kind === 'raised' ? t('vision.alertRaised', { zone: a.zoneName, value: Math.round(a.value * 10) / 10, threshold: a.threshold }) : t('vision.alertCleared', { zone: a.zoneName })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {plates.length ? (
        <>
          <h4>{t('vision.plates')}</h4>
          <ul data-testid="vision-plates">
            {plates.map((p) => (
              <li key={`${p.trackId}-${p.ts}`}>
                <strong>{p.text}</strong> · {Math.round(p.confidence * 100)}%{p.valid ? '' : ' ?'}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
