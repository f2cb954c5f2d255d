import Hls from 'hls.js';
import { useEffect, useRef } from 'react';

export interface HlsVideoProps {
  src: string;
  /** Reports latency to the live edge (ms) about once a second. */
  onLatency?: (ms: number | null) => void;
  onFatal?: (message: string) => void;
  label: string;
}

/**
 * One LL-HLS player. hls.js in low-latency mode, kept close to the live edge: the gateway's
 * parts are ~200 ms, so we aim 0.3 s behind it and let playback speed up to catch up.
 */
export function HlsVideo({ src, onLatency, onFatal, label }: HlsVideoProps) {
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
    const hls = new Hls({
      lowLatencyMode: true,
      liveSyncDuration: 0.3,
      liveMaxLatencyDuration: 3,
      maxLiveSyncPlaybackRate: 1.5,
      backBufferLength: 4,
      maxBufferLength: 4,
      enableWorker: true,
      manifestLoadingMaxRetry: 6,
      levelLoadingMaxRetry: 6,
      fragLoadingMaxRetry: 6,
    });
    hls.on(Hls.Events.ERROR, (_e, data) => {
      if (!data.fatal) return;
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR) hls.recoverMediaError();
      else fatalRef.current?.(data.details);
    });
    hls.loadSource(src);
    hls.attachMedia(video);
    video.muted = true;
    void video.play().catch(() => undefined);
    const timer = window.setInterval(() => {
      // The playlist's PROGRAM-DATE-TIME is when the gateway received the picture, so this is
      // gateway-to-screen; without it, hls.js's distance to the live edge.
      const playing = hls.playingDate?.getTime();
      const latency = playing ? (Date.now() - playing) / 1000 : hls.latency;
      latencyRef.current?.(Number.isFinite(latency) && latency > 0 ? Math.round(latency * 1000) : null);
    }, 1000);
    return () => {
      window.clearInterval(timer);
      hls.destroy();
    };
  }, [src]);

  return <video ref={videoRef} className="video-el" muted playsInline autoPlay aria-label={label} data-testid="video-element" />;
}
