import { describe, expect, it } from 'vitest';
import { CAMERA_DRAG_TYPE, cameraFromDrag, setCameraDrag } from './camera-drag';

/** The part of DataTransfer the helpers use, backed by a map. */
function makeTransfer(initial: Record<string, string> = {}): DataTransfer {
  const data = new Map(Object.entries(initial));
  return {
    effectAllowed: 'all',
    setData: (type: string, value: string) => void data.set(type, value),
    getData: (type: string) => data.get(type) ?? '',
  } as unknown as DataTransfer;
}

describe('camera drag payload', () => {
  it('carries the camera id under its own type and as text, for other windows and apps', () => {
    const transfer = makeTransfer();
    setCameraDrag(transfer, 'cam-ai-03');
    expect(transfer.getData(CAMERA_DRAG_TYPE)).toBe('cam-ai-03');
    expect(transfer.getData('text/plain')).toBe('cam-ai-03');
    expect(transfer.effectAllowed).toBe('copy');
    expect(cameraFromDrag(transfer)).toBe('cam-ai-03');
  });

  it('ignores a drop that is not a camera id (text dragged in from elsewhere)', () => {
    expect(cameraFromDrag(makeTransfer())).toBeNull();
    expect(cameraFromDrag(makeTransfer({ 'text/plain': 'rtsp://10.0.0.5/stream1 ; rm -rf /' }))).toBeNull();
    expect(cameraFromDrag(makeTransfer({ 'text/plain': 'x'.repeat(200) }))).toBeNull();
    expect(cameraFromDrag(makeTransfer({ 'text/plain': 'cam-dbp-04' }))).toBe('cam-dbp-04');
  });
});
