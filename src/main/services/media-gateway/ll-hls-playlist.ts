import type { LlHlsWindow } from './ll-hls-window';

/** URIs inside the playlist are relative, so the same playlist works under any mount point. */
export const partUri = (msn: number, part: number) => `p${msn}.${part}.m4s`;
export const segmentUri = (msn: number) => `s${msn}.m4s`;
export const initUri = (id: number) => `init${id}.mp4`;

const fmt = (seconds: number) => seconds.toFixed(3);

/**
 * Renders the LL-HLS media playlist (RFC 8216bis): EXT-X-PART for the segments of the last
 * three target durations, blocking reload, and a preload hint for the next part.
 */
export function renderMediaPlaylist(window: LlHlsWindow): string {
  const { targetDuration } = window.options;
  const partTarget = window.partTarget;
  const segments = window.segments.filter((s) => s.parts.length > 0);
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:9',
    `#EXT-X-TARGETDURATION:${Math.ceil(targetDuration)}`,
    `#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=${fmt(partTarget * 3)}`,
    `#EXT-X-PART-INF:PART-TARGET=${fmt(partTarget)}`,
    `#EXT-X-MEDIA-SEQUENCE:${segments[0]?.msn ?? 0}`,
  ];
  if (window.discontinuitySequence > 0) lines.push(`#EXT-X-DISCONTINUITY-SEQUENCE:${window.discontinuitySequence}`);
  // Parts are listed for the segments of roughly the last three target durations.
  let partsFrom = segments.length;
  let covered = 0;
  while (partsFrom > 0 && covered < targetDuration * 3) covered += segments[--partsFrom]!.duration;
  let currentInit = -1;
  segments.forEach((segment, i) => {
    if (segment.discontinuity && i > 0) lines.push('#EXT-X-DISCONTINUITY');
    if (segment.initId !== currentInit) {
      lines.push(`#EXT-X-MAP:URI="${initUri(segment.initId)}"`);
      currentInit = segment.initId;
    }
    if (i === 0 || segment.discontinuity) lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(segment.startedAt).toISOString()}`);
    if (i >= partsFrom) {
      for (const part of segment.parts) {
        lines.push(`#EXT-X-PART:DURATION=${fmt(part.duration)},URI="${partUri(segment.msn, part.index)}"${part.independent ? ',INDEPENDENT=YES' : ''}`);
      }
    }
    if (segment.complete) {
      lines.push(`#EXTINF:${fmt(segment.duration)},`);
      lines.push(segmentUri(segment.msn));
    }
  });
  if (segments.length > 0) {
    const next = window.nextPart();
    lines.push(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI="${partUri(next.msn, next.part)}"`);
  }
  return `${lines.join('\n')}\n`;
}
