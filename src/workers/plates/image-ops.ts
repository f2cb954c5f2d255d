import type { Box, RgbImage } from '../../shared/domain/plates';

/** Throws a clear error for images a reader cannot use (zero size, short buffer, NaN sizes). */
export function assertImage(image: RgbImage): void {
  const { width, height, data } = image ?? ({} as RgbImage);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`plate reader: image has no pixels (${String(width)}×${String(height)})`);
  }
  if (!(data instanceof Uint8Array) || data.length !== width * height * 3) {
    throw new Error(`plate reader: image data is ${data instanceof Uint8Array ? data.length : 'not a Uint8Array'} bytes, expected ${width * height * 3} for RGB24 ${width}×${height}`);
  }
}

/** A box clipped to the image; null when nothing of it is inside. */
export function clipBox(b: Box, width: number, height: number): Box | null {
  const x = Math.max(0, Math.floor(b.x));
  const y = Math.max(0, Math.floor(b.y));
  const x2 = Math.min(width, Math.ceil(b.x + b.w));
  const y2 = Math.min(height, Math.ceil(b.y + b.h));
  return x2 - x >= 2 && y2 - y >= 2 ? { x, y, w: x2 - x, h: y2 - y } : null;
}

/** Where to look for text: the given regions clipped to the image (empty ones dropped), or the whole image. */
export function readAreas(image: { width: number; height: number }, regions: readonly Box[] | undefined): Box[] {
  if (!regions || regions.length === 0) return [{ x: 0, y: 0, w: image.width, h: image.height }];
  return regions.map((r) => clipBox(r, image.width, image.height)).filter((b): b is Box => b !== null);
}

/**
 * Bilinear resample of `src` (a region of `image`) into a CHW float tensor slot, BGR order as
 * PaddleOCR's models were trained on cv2 images, each channel as (v/255 - mean) / std.
 */
export function resampleToChw(
  image: RgbImage,
  src: Box,
  dst: Float32Array,
  offset: number,
  outW: number,
  outH: number,
  strideW: number,
  mean: readonly [number, number, number],
  std: readonly [number, number, number],
): void {
  const { width, data } = image;
  const plane = outH * strideW;
  const sx = src.w / outW;
  const sy = src.h / outH;
  for (let y = 0; y < outH; y++) {
    const fy = Math.min(src.h - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(src.h - 1, y0 + 1);
    const wy = fy - y0;
    const r0 = (src.y + y0) * width;
    const r1 = (src.y + y1) * width;
    for (let x = 0; x < outW; x++) {
      const fx = Math.min(src.w - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(src.w - 1, x0 + 1);
      const wx = fx - x0;
      const i00 = (r0 + src.x + x0) * 3;
      const i01 = (r0 + src.x + x1) * 3;
      const i10 = (r1 + src.x + x0) * 3;
      const i11 = (r1 + src.x + x1) * 3;
      const o = offset + y * strideW + x;
      for (let c = 0; c < 3; c++) {
        const top = data[i00 + c]! * (1 - wx) + data[i01 + c]! * wx;
        const bottom = data[i10 + c]! * (1 - wx) + data[i11 + c]! * wx;
        const v = (top * (1 - wy) + bottom * wy) / 255;
        const ch = 2 - c; // RGB in, BGR planes out
        dst[o + ch * plane] = (v - mean[ch]!) / std[ch]!;
      }
    }
  }
}

/**
 * Like resampleToChw, for a rotated rectangle (centre, length, thickness, angle) of the image:
 * the line is cut out along its own axis, so a tilted plate reads as if it were level.
 */
export function resampleRotatedToChw(
  image: RgbImage,
  rect: { cx: number; cy: number; len: number; thick: number; angle: number },
  dst: Float32Array,
  offset: number,
  outW: number,
  outH: number,
  strideW: number,
  mean: readonly [number, number, number],
  std: readonly [number, number, number],
): void {
  const { width, height, data } = image;
  const plane = outH * strideW;
  const c = Math.cos(rect.angle);
  const s = Math.sin(rect.angle);
  for (let y = 0; y < outH; y++) {
    const v = ((y + 0.5) / outH - 0.5) * rect.thick;
    for (let x = 0; x < outW; x++) {
      const u = ((x + 0.5) / outW - 0.5) * rect.len;
      const fx = Math.min(width - 1, Math.max(0, rect.cx + u * c - v * s - 0.5));
      const fy = Math.min(height - 1, Math.max(0, rect.cy + u * s + v * c - 0.5));
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      const x1 = Math.min(width - 1, x0 + 1);
      const y1 = Math.min(height - 1, y0 + 1);
      const wx = fx - x0;
      const wy = fy - y0;
      const i00 = (y0 * width + x0) * 3;
      const i01 = (y0 * width + x1) * 3;
      const i10 = (y1 * width + x0) * 3;
      const i11 = (y1 * width + x1) * 3;
      const o = offset + y * strideW + x;
      for (let ch = 0; ch < 3; ch++) {
        const top = data[i00 + ch]! * (1 - wx) + data[i01 + ch]! * wx;
        const bottom = data[i10 + ch]! * (1 - wx) + data[i11 + ch]! * wx;
        const val = (top * (1 - wy) + bottom * wy) / 255;
        const plane2 = 2 - ch; // RGB in, BGR planes out
        dst[o + plane2 * plane] = (val - mean[plane2]!) / std[plane2]!;
      }
    }
  }
}
