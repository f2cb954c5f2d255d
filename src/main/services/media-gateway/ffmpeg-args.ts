/**
 * ffmpeg's arguments for one camera stream: RTSP over TCP in, fragmented MP4 on stdout, one
 * fragment per ~200 ms and a new one at every keyframe. Always an array: nothing reaches a shell.
 */
export interface FfmpegArgsOptions {
  url: string;
  /** Re-encode to H.264 (an H.265 camera, where the operator chose to pay the CPU for it). */
  transcode: boolean;
  /** Microseconds per fragment (one LL-HLS part). */
  fragmentUs: number;
  /** RTSP socket timeout, microseconds: a camera that goes silent ends the process. */
  ioTimeoutUs?: number;
  /**
   * Start from the codec parameters in the camera's SDP instead of probing the stream first
   * (probing waits for in-band parameters and a keyframe: up to a GOP). A camera whose SDP lacks
   * them fails this quickly, and the stream retries with a full probe.
   */
  quickProbe?: boolean;
}

export function ffmpegArgs(o: FfmpegArgsOptions): string[] {
  const video = o.transcode
    ? ['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '25', '-bf', '0', '-pix_fmt', 'yuv420p']
    : ['-c:v', 'copy'];
  return [
    '-nostdin',
    '-hide_banner',
    '-nostats',
    '-loglevel',
    'info',
    '-protocol_whitelist',
    'rtsp,rtsps,tcp,tls,udp,rtp',
    '-rtsp_transport',
    'tcp',
    '-timeout',
    String(o.ioTimeoutUs ?? 5_000_000),
    '-fflags',
    'nobuffer',
    '-flags',
    'low_delay',
    '-probesize',
    o.quickProbe ? '32' : '262144',
    '-analyzeduration',
    '500000',
    '-i',
    o.url,
    '-map',
    '0:v:0',
    '-an',
    ...video,
    '-f',
    'mp4',
    '-movflags',
    '+frag_keyframe+empty_moov+default_base_moof',
    '-frag_duration',
    String(o.fragmentUs),
    '-flush_packets',
    '1',
    'pipe:1',
  ];
}

export type FfmpegDiagnosis =
  | { kind: 'codec'; codec: string }
  | { kind: 'auth' }
  | { kind: 'unreachable'; detail: string }
  | { kind: 'not-found' }
  | { kind: 'invalid-data'; detail: string };

/** Reads what matters from one line of ffmpeg's log. */
export function diagnoseFfmpegLine(line: string): FfmpegDiagnosis | null {
  const codec = /Stream #0:\d+.*?: Video: (\w+)/.exec(line);
  if (codec) return { kind: 'codec', codec: codec[1]!.toLowerCase() };
  if (/401 Unauthorized|Unauthorized|authorization failed/i.test(line)) return { kind: 'auth' };
  if (/404 Not Found|Stream not found/i.test(line)) return { kind: 'not-found' };
  if (/Connection refused|Connection timed out|No route to host|Network is unreachable|Name or service not known|Operation timed out|End of file/i.test(line)) {
    return { kind: 'unreachable', detail: line.trim().slice(0, 200) };
  }
  if (/Invalid data found|could not find codec parameters|Invalid argument/i.test(line)) return { kind: 'invalid-data', detail: line.trim().slice(0, 200) };
  return null;
}
