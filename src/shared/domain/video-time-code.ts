/**
 * The simulator's burnt-in clock, machine side: 40 square blocks along the top edge of each
 * frame, black = 0 and white = 1, holding the wall-clock time in ms (low 32 bits, most
 * significant first) and an 8-bit checksum. Drawn by src/simulators/cameras/rtsp_server.py
 * just before the encoder; read back from a displayed frame to measure glass-to-glass latency.
 */
export const TIME_CODE_BLOCKS = 40;
const VALUE_BITS = 32;

export function timeCodeChecksum(value: number): number {
  const v = value >>> 0;
  return ((v & 0xff) ^ ((v >>> 8) & 0xff) ^ ((v >>> 16) & 0xff) ^ ((v >>> 24) & 0xff) ^ 0xa5) & 0xff;
}

export function timeCodeBits(ms: number): number[] {
  const value = Number(BigInt.asUintN(32, BigInt(Math.trunc(ms))));
  const bits: number[] = [];
  for (let i = 0; i < VALUE_BITS; i++) bits.push((value >>> (31 - i)) & 1);
  const checksum = timeCodeChecksum(value);
  for (let i = 0; i < TIME_CODE_BLOCKS - VALUE_BITS; i++) bits.push((checksum >>> (7 - i)) & 1);
  return bits;
}

/**
 * Reads the code from a frame given a luma sampler; null when the checksum fails (a frame
 * without a code, or one smeared by the encoder).
 */
export function readTimeCode(luma: (x: number, y: number) => number, width: number): number | null {
  const block = Math.floor(width / TIME_CODE_BLOCKS);
  if (block < 4) return null;
  const y = Math.floor(block / 2);
  let value = 0;
  let checksum = 0;
  for (let i = 0; i < TIME_CODE_BLOCKS; i++) {
    const bit = luma(i * block + Math.floor(block / 2), y) >= 128 ? 1 : 0;
    if (i < VALUE_BITS) value = ((value << 1) | bit) >>> 0;
    else checksum = (checksum << 1) | bit;
  }
  return timeCodeChecksum(value) === checksum ? value : null;
}

/** Latency in ms between a decoded code and the wall clock now, across the 32-bit wrap. */
export function timeCodeAge(code: number, nowMs: number): number {
  const now = Number(BigInt.asUintN(32, BigInt(Math.trunc(nowMs))));
  return ((now - code + 2 ** 32) % 2 ** 32) | 0;
}
