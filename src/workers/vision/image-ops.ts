/** Pixel work the detectors need, on RGB24 row-major buffers. */

export interface Rgb {
  width: number;
  height: number;
  data: Uint8Array;
}

export function checkFrame(width: number, height: number, bytes: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) throw new Error(`bad frame size ${width}×${height}`);
  if (bytes !== width * height * 3) throw new Error(`frame of ${width}×${height} needs ${width * height * 3} bytes, got ${bytes}`);
}

export function crop(src: Rgb, x: number, y: number, w: number, h: number): Rgb {
  const out = new Uint8Array(w * h * 3);
  for (let row = 0; row < h; row++) {
    const from = ((y + row) * src.width + x) * 3;
    out.set(src.data.subarray(from, from + w * 3), row * w * 3);
  }
  return { width: w, height: h, data: out };
}

/** Evidence crops stay small: a plate with its margin, never more than this many pixels a side. */
const MAX_CROP_SIDE = 480;

/**
 * The plate box with a margin of a quarter of its height (so the plate's edges show), clamped to
 * the frame; null for a box that lies outside it or is absurdly large.
 */
export function cutCrop(src: Rgb, box: { x: number; y: number; w: number; h: number }): { width: number; height: number; rgb: Uint8Array } | undefined {
  const pad = Math.round(box.h / 4);
  const x = Math.max(0, Math.floor(box.x - pad));
  const y = Math.max(0, Math.floor(box.y - pad));
  const w = Math.min(src.width, Math.ceil(box.x + box.w + pad)) - x;
  const h = Math.min(src.height, Math.ceil(box.y + box.h + pad)) - y;
  if (w <= 0 || h <= 0 || w > MAX_CROP_SIDE || h > MAX_CROP_SIDE) return undefined;
  const c = crop(src, x, y, w, h);
  return { width: c.width, height: c.height, rgb: c.data };
}

/**
 * Bilinear resize into a planar float tensor [channels, h, w] scaled as (px / 255 - mean) / std.
 * One channel means grey (mean of R, G, B), which is what most density-map models take.
 */
export function toPlanar(src: Rgb, w: number, h: number, channels: 1 | 3, mean: number, std: number): Float32Array {
  const out = new Float32Array(channels * w * h);
  const sx = src.width / w;
  const sy = src.height / h;
  for (let y = 0; y < h; y++) {
    const fy = Math.min(src.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(src.height - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(src.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(src.width - 1, x0 + 1);
      const wx = fx - x0;
      const px = (c: number): number => {
        const a = src.data[(y0 * src.width + x0) * 3 + c]!;
        const b = src.data[(y0 * src.width + x1) * 3 + c]!;
        const d = src.data[(y1 * src.width + x0) * 3 + c]!;
        const e = src.data[(y1 * src.width + x1) * 3 + c]!;
        return (a * (1 - wx) + b * wx) * (1 - wy) + (d * (1 - wx) + e * wx) * wy;
      };
      if (channels === 1) out[y * w + x] = ((px(0) + px(1) + px(2)) / 3 / 255 - mean) / std;
      else for (let c = 0; c < 3; c++) out[c * w * h + y * w + x] = (px(c) / 255 - mean) / std;
    }
  }
  return out;
}
