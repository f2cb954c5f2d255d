import { tileCount, useVideo } from '../video/video-store';

/**
 * Opens a camera on the Camera page: the tile already showing it if there is one, otherwise the
 * selected (or first empty) tile; then navigates there by the hash, as other features do.
 */
export function watchCamera(cameraId: string): void {
  const video = useVideo.getState();
  const visible = video.tiles.slice(0, tileCount(video.layout, video.custom));
  const already = visible.findIndex((tile) => tile.cameraId === cameraId && !tile.tour);
  if (video.maximised !== null) video.maximise(null);
  if (already >= 0) video.select(already);
  else video.open(cameraId);
  location.hash = '#cameras';
}
