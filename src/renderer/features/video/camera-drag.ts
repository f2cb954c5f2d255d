/**
 * A camera dragged onto a video tile, from the camera list, another tile or the map (also from
 * a map in another console window: the payload is plain data, so a drag crosses windows).
 */
export const CAMERA_DRAG_TYPE = 'application/x-ioc-camera';

export function setCameraDrag(transfer: DataTransfer, cameraId: string): void {
  transfer.setData(CAMERA_DRAG_TYPE, cameraId);
  transfer.setData('text/plain', cameraId);
  transfer.effectAllowed = 'copy';
}

/** The camera id a drop carries, or null; the caller still checks that the camera exists. */
export function cameraFromDrag(transfer: DataTransfer): string | null {
  const id = transfer.getData(CAMERA_DRAG_TYPE) || transfer.getData('text/plain');
  return id && /^[A-Za-z0-9._:-]{1,128}$/.test(id) ? id : null;
}
