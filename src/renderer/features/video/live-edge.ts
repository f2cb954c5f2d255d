/**
 * How every tile plays the gateway's LL-HLS, in one place so the bench (bench/video-latency.ts)
 * measures exactly what operators get.
 */

/** Seconds behind the newest part a tile aims to play. The gateway's parts are ~200 ms. */
export const LIVE_TARGET_S = 0.3;

/** What every tile's hls.js shares: short buffers, patient retries, no worker. */
const TILE_HLS_BASE = {
  maxLiveSyncPlaybackRate: 1.5,
  backBufferLength: 4,
  maxBufferLength: 4,
  // The gateway sends fMP4, which hls.js passes through without transmuxing; starting a worker per
  // tile only delayed the first frame (0.3–0.8 s more, measured on this machine under load).
  enableWorker: false,
  manifestLoadingMaxRetry: 6,
  levelLoadingMaxRetry: 6,
  fragLoadingMaxRetry: 6,
} as const;

/** hls.js options for a live tile: low-latency mode, close to the edge. */
export const LIVE_HLS_CONFIG = {
  ...TILE_HLS_BASE,
  lowLatencyMode: true,
  liveSyncDuration: LIVE_TARGET_S,
  liveMaxLatencyDuration: 3,
} as const;

/** Grids up to this many tiles play low-latency; larger ones play whole segments (see OVERVIEW_HLS_CONFIG). */
export const LIVE_GRID_MAX_TILES = 4;

/**
 * hls.js options for a tile in a larger grid: whole segments, no parts, no blocking reloads. About
 * half Chromium's CPU per tile of LIVE_HLS_CONFIG (a tenth of the requests, a fifth of the buffer
 * appends) and a 1–2 s buffer, so a busy station stalls nothing: bench/video-tiles.ts measured 16
 * tiles at 100 % of frames where low-latency tiles showed 16 %. The price is 2–3.5 s behind live
 * instead of ~0.4 s, for an overview; the maximised tile and small grids stay low-latency.
 */
export const OVERVIEW_HLS_CONFIG = {
  ...TILE_HLS_BASE,
  lowLatencyMode: false,
  liveSyncDurationCount: 1,
} as const;

/** How a tile plays: low-latency (LIVE_HLS_CONFIG) or whole segments (OVERVIEW_HLS_CONFIG). */
export type TilePlayback = 'live' | 'overview';

/** Low-latency when maximised or in a small grid, whole segments otherwise. */
export function tilePlayback(tiles: number, maximised: boolean): TilePlayback {
  return maximised || tiles <= LIVE_GRID_MAX_TILES ? 'live' : 'overview';
}

/**
 * hls.js speeds playback up towards its target only while more than a second is buffered ahead,
 * which a player 0.3 s from the edge never has: a tile that started behind (its first segment was
 * short, or it stalled) would stay behind for good. So, at most every `minGapMs`, a tile more than
 * `slackS` past its target jumps forward, never beyond what it has buffered. Self-contained (no
 * imports, no outer names) so the bench can run the same function inside its page.
 * Returns a function that stops it.
 */
export function keepNearLiveEdge(video: HTMLVideoElement, targetS: number, slackS = 0.35, minGapMs = 2000): () => void {
  let lastJump = Number.NEGATIVE_INFINITY;
  const timer = setInterval(() => {
    const ranges = video.buffered;
    if (video.paused || video.seeking || video.readyState < 3 || ranges.length === 0) return;
    const end = ranges.end(ranges.length - 1);
    const ahead = end - video.currentTime;
    const now = performance.now();
    if (ahead > targetS + slackS && now - lastJump >= minGapMs) {
      lastJump = now;
      video.currentTime = end - targetS;
    }
  }, 250);
  return () => clearInterval(timer);
}
