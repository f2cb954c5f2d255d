import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RegisteredCamera } from '../../../shared/domain/camera-registry';
import type { StreamQuality, StreamState } from '../../../shared/domain/video';
import { onEvent, rpc } from '../../bridge';
import { useT } from '../../i18n';
import { useVision } from '../vision/vision-store';
import { VisionOverlay } from '../vision/VisionOverlay';
import { HlsVideo } from './HlsVideo';
import type { TilePlayback } from './live-edge';
import { describeStream } from './stream-reason';

interface Props {
  camera: RegisteredCamera;
  quality: StreamQuality;
  /** Off-screen or hidden tiles stop pulling: their lease is closed. */
  active: boolean;
  /** Low-latency, or whole segments for a tile of a large grid (see live-edge.ts). */
  playback?: TilePlayback;
}

type Lease = { leaseId: string; url: string };

/**
 * A live tile: asks for a stream lease (substream in the grid, main when maximised), plays it,
 * follows the gateway's state for the camera, and gives the lease back as soon as it is not shown.
 */
export function VideoTile({ camera, quality, active, playback = 'live' }: Props) {
  const t = useT();
  const [lease, setLease] = useState<Lease | null>(null);
  const [state, setState] = useState<StreamState>('connecting');
  const [reason, setReason] = useState<string | null>(null);
  const [latency, setLatency] = useState<number | null>(null);
  const [attempt, setAttempt] = useState(0);
  const leaseRef = useRef<string | null>(null);

  useEffect(() => {
    if (!active) return;
    let cancelled = false;
    rpc('video.open', { cameraId: camera.id, quality })
      .then((l) => {
        if (cancelled) {
          void rpc('video.close', { leaseId: l.leaseId }).catch(() => undefined);
          return;
        }
        leaseRef.current = l.leaseId;
        setLease({ leaseId: l.leaseId, url: l.playlistUrl });
        setState(l.state);
        setReason(l.reason);
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        setState('offline');
        setReason(err instanceof Error ? err.message : String(err));
      });
    return () => {
      cancelled = true;
      const id = leaseRef.current;
      leaseRef.current = null;
      setLease(null);
      setState('connecting');
      setLatency(null);
      if (id) void rpc('video.close', { leaseId: id }).catch(() => undefined);
    };
  }, [camera.id, quality, active, attempt]);

  useEffect(
    () =>
      onEvent('video.stream', (e) => {
        if (e.cameraId !== camera.id || e.quality !== quality) return;
        setState(e.state);
        setReason(e.reason);
        // A stream that came back after an outage gets a fresh player.
        if (e.state === 'live' && (state === 'reconnecting' || state === 'offline')) setAttempt((n) => n + 1);
      }),
    [camera.id, quality, state],
  );

  const vision = useVision(
    useShallow((s) => ({
      settings: s.settings[camera.id] ?? null,
      detections: s.detections[camera.id] ?? null,
      counts: s.counts[camera.id] ?? null,
      overlay: s.overlay,
      draft: s.draft?.cameraId === camera.id ? s.draft.draft : null,
    })),
  );
  useEffect(() => {
    void useVision.getState().ensureLoaded();
    void useVision.getState().loadSettings(camera.id);
  }, [camera.id]);
  const analysed = vision.settings && (vision.settings.zones.length > 0 || vision.settings.lines.length > 0 || vision.detections);

  const showVideo = active && lease && state !== 'unsupported' && state !== 'offline';
  return (
    <div className={`tile-body state-${state}`} data-state={state}>
      {showVideo ? (
        <HlsVideo
          key={`${lease.url}-${attempt}`}
          src={lease.url}
          playback={playback}
          label={camera.name}
          onLatency={setLatency}
          onFatal={() => window.setTimeout(() => setAttempt((n) => n + 1), 1500)}
        />
      ) : null}
      {vision.overlay && (analysed || vision.draft) ? (
        <VisionOverlay
          width={vision.detections?.width ?? vision.settings?.width ?? 640}
          height={vision.detections?.height ?? vision.settings?.height ?? 360}
          settings={vision.settings}
          detections={vision.detections}
          counts={vision.counts}
          showBoxes
          draft={vision.draft}
          onPoint={(p) => useVision.getState().addDraftPoint(camera.id, p)}
        />
      ) : null}
      <div className="tile-status" role="status" data-testid="tile-status">
        {!active ? t('video.hidden') : state === 'live' ? (latency !== null ? t('video.latency', { ms: latency }) : t('video.state.live')) : describeStream(t, state, reason)}
      </div>
    </div>
  );
}
