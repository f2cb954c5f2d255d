import Hls from 'hls.js';
import { useEffect, useRef } from 'react';
import { keepNearLiveEdge, LIVE_HLS_CONFIG, LIVE_TARGET_S, OVERVIEW_HLS_CONFIG, type TilePlayback } from './live-edge';

export interface HlsVideoProps {
  src: string;
  /** Reports latency to the live edge (ms) about once a second. */
  onLatency?: (ms: number | null) => void;
  onFatal?: (message: string) => void;
  label: string;
  /** 'overview': whole segments and no live-edge keeper, for tiles of a large grid (live-edge.ts). */
  playback?: TilePlayback;
}

/**
 * One tile's player: hls.js in low-latency mode kept close to the live edge, or on whole segments
 * for a tile of a large grid (see live-edge.ts).
 */
export function HlsVideo({ src, onLatency, onFatal, label, playback = 'live' }: HlsVideoProps) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const latencyRef = useRef(onLatency);
  const fatalRef = useRef(onFatal);
  useEffect(() => {
    latencyRef.current = onLatency;
    fatalRef.current = onFatal;
  });

  useEffect(() => {
    const video = videoRef.current;
    if (!video || !Hls.isSupported()) {
      fatalRef.current?.('MSE not supported');
      return;
    }
    const live = playback === 'live';
    const hls = new Hls(live ? { ...LIVE_HLS_CONFIG } : { ...OVERVIEW_HLS_CONFIG });
    hls.on(Hls.Events.ERROR, (_e, data) => {
      if (!data.fatal) return;
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR) hls.recoverMediaError();
      else fatalRef.current?.(data.details);
    });
    hls.loadSource(src);
    hls.attachMedia(video);
    video.muted = true;
    void video.play().catch(() => undefined);
    // The keeper aims 0.3 s from the edge: with whole segments it would seek all the time.
    const stopKeeping = live ? keepNearLiveEdge(video, LIVE_TARGET_S) : () => undefined;
    const timer = window.setInterval(() => {
      // The playlist's PROGRAM-DATE-TIME is when the gateway received the picture, so this is
      // gateway-to-screen; without it, hls.js's distance to the live edge.
      const playing = hls.playingDate?.getTime();
      const latency = playing ? (Date.now() - playing) / 1000 : hls.latency;
      latencyRef.current?.(Number.isFinite(latency) && latency > 0 ? Math.round(latency * 1000) : null);
    }, 1000);
    return () => {
      window.clearInterval(timer);
      stopKeeping();
      hls.destroy();
    };
  }, [src, playback]);

  return <video ref={videoRef} className="video-el" muted playsInline autoPlay aria-label={label} data-testid="video-element" />;
}
