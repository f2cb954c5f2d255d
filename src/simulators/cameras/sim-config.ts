/** What the RTSP simulator serves for one camera. */
export interface SimCameraSpec {
  id: string;
  label: string;
  /**
   * A GStreamer test pattern name, 'vtest' for the looped pedestrian video, or 'file' for the
   * video at `file`, looped.
   */
  source?: string;
  /** With source 'file': a video under the app's resources folder (absolute, or relative to that folder). */
  file?: string;
  ptz?: boolean;
  codec?: 'h264' | 'h265';
}

export interface SimProfile {
  width: number;
  height: number;
  fps: number;
  /** kbit/s */
  bitrate: number;
}

export type SimProfiles = Record<'main' | 'sub', SimProfile>;

/** Main stream for a maximised tile, substream for grid tiles (the tiering the gateway expects). */
export const defaultSimProfiles: SimProfiles = {
  main: { width: 1280, height: 720, fps: 25, bitrate: 2000 },
  sub: { width: 640, height: 360, fps: 25, bitrate: 600 },
};
