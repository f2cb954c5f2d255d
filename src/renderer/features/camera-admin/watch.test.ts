import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useVideo } from '../video/video-store';
import { watchCamera } from './watch';

describe('watchCamera', () => {
  const initial = useVideo.getState();
  beforeEach(() => {
    vi.stubGlobal('location', { hash: '#map' });
    useVideo.setState({ ...initial, layout: '2x2', selected: 0, maximised: null, tiles: initial.tiles.map(() => ({ cameraId: null, tour: null, tourStartedAt: null })) });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('puts the camera in a tile and goes to the Camera page', () => {
    watchCamera('cam-01');
    expect(useVideo.getState().tiles[0]!.cameraId).toBe('cam-01');
    expect(location.hash).toBe('#cameras');
  });

  it('selects the tile already showing the camera instead of opening it twice', () => {
    useVideo.getState().put(0, 'cam-01');
    useVideo.getState().put(2, 'cam-02');
    useVideo.getState().select(0);
    watchCamera('cam-02');
    const s = useVideo.getState();
    expect(s.selected).toBe(2);
    expect(s.tiles.filter((tile) => tile.cameraId === 'cam-02')).toHaveLength(1);
  });

  it('leaves a maximised tile so the new camera is seen', () => {
    useVideo.getState().put(0, 'cam-01');
    useVideo.getState().maximise(0);
    watchCamera('cam-03');
    expect(useVideo.getState().maximised).toBeNull();
    expect(useVideo.getState().tiles.some((tile) => tile.cameraId === 'cam-03')).toBe(true);
  });
});
