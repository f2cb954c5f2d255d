import { RpcError } from '../../../shared/contract/errors';

/** Refuses addresses outside the tile grid of their zoom, which no map would ask for. */
export function assertTileAddress(z: number, x: number, y: number): void {
  if (!Number.isInteger(z) || z < 0 || z > 30) throw new RpcError('INVALID_ARGUMENT', `tile zoom ${z} is outside 0–30`);
  const n = 2 ** z;
  for (const [axis, v] of [['x', x], ['y', y]] as const) {
    if (!Number.isInteger(v) || v < 0 || v >= n) {
      throw new RpcError('INVALID_ARGUMENT', `tile ${axis}=${v} is outside 0–${n - 1} at zoom ${z}`);
    }
  }
}

/** MBTiles rows count y from the south (TMS); maps count from the north (XYZ). The flip is its own inverse. */
export function flipY(z: number, y: number): number {
  return 2 ** z - 1 - y;
}

export function lonToTileX(lon: number, z: number): number {
  const n = 2 ** z;
  return clampTile(Math.floor(((lon + 180) / 360) * n), n);
}

export function latToTileY(lat: number, z: number): number {
  const n = 2 ** z;
  const clamped = Math.max(-85.05112878, Math.min(85.05112878, lat));
  const rad = (clamped * Math.PI) / 180;
  return clampTile(Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n), n);
}

function clampTile(v: number, n: number): number {
  return Math.max(0, Math.min(n - 1, v));
}
