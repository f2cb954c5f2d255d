import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RegisteredCamera } from '../../../shared/domain/camera-registry';
import { gridLayouts, gridSize, type GridLayout, type SavedLayout } from '../../../shared/domain/video';
import { foldForSearch } from '../../../shared/text/fold';
import { onEvent, rpc } from '../../bridge';
import { useT } from '../../i18n';
import { useCan } from '../auth/use-permission';
import { CameraAdmin } from '../camera-admin/CameraAdmin';
import { notifyError, useNotify } from '../notify/notify-store';
import { VisionPanel } from '../vision/VisionPanel';
import { PtzPad } from './PtzPad';
import { tourPosition } from './tour';
import { cameraFromDrag, setCameraDrag } from './camera-drag';
import { tilePlayback } from './live-edge';
import { tileCount, useVideo } from './video-store';
import { VideoMiniMap } from './VideoMiniMap';
import { VideoTile } from './VideoTile';
import './video.css';

/** The video grid: layouts 1–6×6 and custom, drag and drop, tours, PTZ, snapshots, saved layouts. */
export function VideoPage() {
  const t = useT();
  const v = useVideo();
  const [cameras, setCameras] = useState<RegisteredCamera[]>([]);
  const [query, setQuery] = useState('');
  const [tourPick, setTourPick] = useState<string[]>([]);
  const [dwell, setDwell] = useState(10);
  const [saved, setSaved] = useState<SavedLayout[]>([]);
  const [layoutName, setLayoutName] = useState('');
  const [now, setNow] = useState(() => Date.now());
  const [visible, setVisible] = useState(!document.hidden);
  const gridRef = useRef<HTMLDivElement>(null);
  const canSnapshot = useCan('video.snapshot');
  const canManage = useCan('cameras.manage');

  const loadCameras = useCallback(() => rpc('cameras.list', undefined).then(setCameras, (e: unknown) => notifyError(t, e)), [t]);
  useEffect(() => {
    void loadCameras();
    void rpc('video.layouts.list', undefined).then(setSaved, () => undefined);
    const off = onEvent('cameras.changed', () => void loadCameras());
    const onVisibility = () => setVisible(!document.hidden);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      off();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [loadCameras]);

  const hasTour = v.tiles.some((tile) => tile.tour);
  useEffect(() => {
    if (!hasTour) return;
    const timer = window.setInterval(() => setNow(Date.now()), 500);
    return () => window.clearInterval(timer);
  }, [hasTour]);

  const byId = useMemo(() => new Map(cameras.map((c) => [c.id, c])), [cameras]);
  const filtered = useMemo(() => {
    const q = foldForSearch(query);
    return cameras.filter((c) => !q || foldForSearch(`${c.name} ${c.id} ${c.address} ${c.group ?? ''}`).includes(q));
  }, [cameras, query]);
  const count = tileCount(v.layout, v.custom);
  const { columns, rows } = gridSize(v.layout, v.custom);

  const cameraOf = (index: number): RegisteredCamera | undefined => {
    const tile = v.tiles[index];
    if (!tile) return undefined;
    const id = tile.tour && tile.tourStartedAt !== null ? tourPosition(tile.tour, tile.tourStartedAt, now).cameraId : tile.cameraId;
    return id ? byId.get(id) : undefined;
  };
  const selectedCamera = cameraOf(v.selected);

  const snapshot = useCallback(
    (camera: RegisteredCamera | undefined) => {
      if (!camera || !canSnapshot) return;
      rpc('video.snapshot', { cameraId: camera.id })
        .then((shot) => {
          const link = document.createElement('a');
          link.href = `data:image/jpeg;base64,${shot.jpegBase64}`;
          link.download = shot.fileName;
          link.click();
          useNotify.getState().push('info', t('video.snapshotSaved', { file: shot.fileName }));
        })
        .catch((e: unknown) => notifyError(t, e));
    },
    [canSnapshot, t],
  );

  const onKeyDown = (e: React.KeyboardEvent) => {
    if ((e.target as HTMLElement).closest('input, select, textarea')) return;
    const layoutKey = ['1', '2', '3', '4', '5', '6'].indexOf(e.key);
    if (layoutKey >= 0) return v.setLayout(gridLayouts[layoutKey]!);
    const move = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -columns, ArrowDown: columns }[e.key];
    if (move !== undefined) {
      e.preventDefault();
      return v.select(Math.min(count - 1, Math.max(0, v.selected + move)));
    }
    if (e.key === 'Enter') return v.maximise(v.maximised === null ? v.selected : null);
    if (e.key === 'Escape') return v.maximise(null);
    if (e.key === 'Delete') return v.clear(v.selected);
    if (e.key === 's' || e.key === 'S') return snapshot(selectedCamera);
  };

  const drop = (index: number) => (e: React.DragEvent) => {
    e.preventDefault();
    const id = cameraFromDrag(e.dataTransfer);
    if (id && byId.has(id)) v.put(index, id);
  };

  const tiles = Array.from({ length: count }, (_x, i) => i);
  const shown = v.maximised !== null ? [v.maximised] : tiles;

  return (
    <div className="page video-page" data-testid="video-page">
      <aside className="video-side">
        <h1>{t('video.title')}</h1>
        <CameraAdmin />
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('video.filter')} aria-label={t('video.filter')} />
        <VideoMiniMap focus={selectedCamera?.position ?? null} />
        <ul className="camera-list" data-testid="video-camera-list">
          {filtered.map((c) => (
            <li
              key={c.id}
              draggable
              data-camera-id={c.id}
              className={tourPick.includes(c.id) ? 'picked' : ''}
              onDragStart={(e) => setCameraDrag(e.dataTransfer, c.id)}
              onClick={(e) => (e.ctrlKey || e.metaKey ? setTourPick((p) => (p.includes(c.id) ? p.filter((x) => x !== c.id) : [...p, c.id])) : v.open(c.id))}
            >
              <span className={`badge ${c.kind === 'ai' ? 'accent' : ''}`}>{c.kind === 'ai' ? 'AI' : 'CAM'}</span> {c.name}
              {c.ptz ? <span className="badge">PTZ</span> : null}
              {c.main?.codec === 'h265' ? <span className="badge warn">H.265</span> : null}
            </li>
          ))}
        </ul>
        <section aria-label={t('video.tour')}>
          <h3>{t('video.tour')}</h3>
          <p className="muted">{t('video.tourPick')}</p>
          <label>
            {t('video.tourDwell')} <input type="number" min={3} max={3600} value={dwell} onChange={(e) => setDwell(Number(e.target.value) || 10)} />
          </label>
          <div className="row">
            <button type="button" data-testid="tour-start" disabled={tourPick.length < 1} onClick={() => v.startTour(v.selected, { cameraIds: tourPick, dwellS: Math.max(3, dwell) })}>
              {t('video.tourStart')} ({tourPick.length})
            </button>
            <button type="button" onClick={() => v.stopTour(v.selected)}>
              {t('video.tourStop')}
            </button>
          </div>
        </section>
        {selectedCamera?.ptz ? <PtzPad camera={selectedCamera} /> : <p className="muted">{selectedCamera ? t('video.noPtz') : t('video.selectTile')}</p>}
        {selectedCamera ? <VisionPanel camera={selectedCamera} /> : null}
        {selectedCamera?.main?.codec === 'h265' && canManage ? (
          <label className="row">
            <input
              type="checkbox"
              checked={selectedCamera.transcode}
              onChange={(e) => void rpc('cameras.setTranscode', { id: selectedCamera.id, enabled: e.target.checked }).then(() => loadCameras(), (err: unknown) => notifyError(t, err))}
            />
            {t('video.transcode')}
          </label>
        ) : null}
      </aside>
      <section className="video-main">
        <div className="row video-toolbar" role="toolbar" aria-label={t('video.layout')}>
          {gridLayouts.map((layout: GridLayout) => (
            <button key={layout} type="button" aria-pressed={v.layout === layout} data-testid={`layout-${layout}`} onClick={() => v.setLayout(layout)}>
              {layout === 'custom' ? t('video.layout.custom') : layout.replace('x', '×')}
            </button>
          ))}
          {v.layout === 'custom' ? (
            <>
              <label>
                {t('video.columns')} <input type="number" min={1} max={8} value={v.custom.columns} onChange={(e) => v.setLayout('custom', { ...v.custom, columns: clamp(Number(e.target.value)) })} />
              </label>
              <label>
                {t('video.rows')} <input type="number" min={1} max={8} value={v.custom.rows} onChange={(e) => v.setLayout('custom', { ...v.custom, rows: clamp(Number(e.target.value)) })} />
              </label>
            </>
          ) : null}
          <button type="button" disabled={!selectedCamera || !canSnapshot} onClick={() => snapshot(selectedCamera)} data-testid="snapshot">
            {t('video.snapshot')}
          </button>
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              const name = layoutName.trim();
              if (!name) return;
              rpc('video.layouts.save', { layout: v.snapshot(`layout-${Date.now().toString(36)}`, name) })
                .then((l) => setSaved((list) => [...list, l]))
                .catch((err: unknown) => notifyError(t, err));
              setLayoutName('');
            }}
          >
            <input value={layoutName} onChange={(e) => setLayoutName(e.target.value)} placeholder={t('video.layoutName')} aria-label={t('video.layoutName')} maxLength={80} />
            <button type="submit">{t('video.saveAs')}</button>
          </form>
          {saved.length > 0 ? (
            <select aria-label={t('video.saved')} value="" onChange={(e) => { const l = saved.find((x) => x.id === e.target.value); if (l) v.load(l); }}>
              <option value="">{t('video.saved')}…</option>
              {saved.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          ) : null}
        </div>
        <div
          ref={gridRef}
          className="video-grid"
          tabIndex={0}
          onKeyDown={onKeyDown}
          data-testid="video-grid"
          aria-label={t('video.shortcuts')}
          style={{ gridTemplateColumns: `repeat(${v.maximised !== null ? 1 : columns}, 1fr)`, gridTemplateRows: `repeat(${v.maximised !== null ? 1 : rows}, 1fr)` }}
        >
          {shown.map((index) => {
            const camera = cameraOf(index);
            const tile = v.tiles[index]!;
            const tour = tile.tour && tile.tourStartedAt !== null ? tourPosition(tile.tour, tile.tourStartedAt, now) : null;
            return (
              <div
                key={index}
                className={`tile ${v.selected === index ? 'selected' : ''}`}
                data-testid={`tile-${index}`}
                onClick={() => v.select(index)}
                onDoubleClick={() => v.maximise(v.maximised === null ? index : null)}
                onDragOver={(e) => e.preventDefault()}
                onDrop={drop(index)}
              >
                {camera ? (
                  <>
                    <VideoTile
                      camera={camera}
                      quality={v.maximised === index ? 'main' : 'sub'}
                      active={visible}
                      playback={tilePlayback(count, v.maximised === index)}
                    />
                    <div className="tile-title">
                      <span draggable onDragStart={(e) => setCameraDrag(e.dataTransfer, camera.id)}>
                        {camera.name}
                      </span>
                      {tour ? <span className="badge accent">{t('video.tourActive', { index: tour.index + 1, count: tile.tour!.cameraIds.length })}</span> : null}
                      <button type="button" className="tile-close" aria-label={t('video.close')} onClick={(e) => (e.stopPropagation(), v.clear(index))}>
                        ×
                      </button>
                    </div>
                  </>
                ) : (
                  <div className="tile-empty">{t('video.emptyTile')}</div>
                )}
              </div>
            );
          })}
        </div>
        <p className="muted">{t('video.shortcuts')}</p>
      </section>
    </div>
  );
}

function clamp(n: number): number {
  return Math.min(8, Math.max(1, Math.round(n) || 1));
}
