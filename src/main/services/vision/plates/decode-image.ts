import { readFile } from 'node:fs/promises';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { RgbImage } from '../../../../shared/domain/plates';

/** Decodes a PNG/JPEG/WebP file or buffer to RGB24; a clear error for an empty or corrupt file. */
export async function decodeImage(source: string | Uint8Array): Promise<RgbImage> {
  const bytes = typeof source === 'string' ? await readFile(source) : Buffer.from(source);
  const name = typeof source === 'string' ? source : 'image';
  if (bytes.length === 0) throw new Error(`${name}: the file is empty`);
  let img: Awaited<ReturnType<typeof loadImage>>;
  try {
    img = await loadImage(bytes);
  } catch (e) {
    throw new Error(`${name}: not a decodable image (${(e as Error).message})`);
  }
  if (img.width <= 0 || img.height <= 0) throw new Error(`${name}: the image has no pixels`);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const rgba = ctx.getImageData(0, 0, img.width, img.height).data;
  const data = new Uint8Array(img.width * img.height * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    data[j] = rgba[i]!;
    data[j + 1] = rgba[i + 1]!;
    data[j + 2] = rgba[i + 2]!;
  }
  return { width: img.width, height: img.height, data };
}

/** JPEG bytes of a region of an RGB image: the crop kept as evidence of a read. */
export function encodeCropJpeg(image: RgbImage, box: { x: number; y: number; w: number; h: number }, pad = 6): Uint8Array {
  const x = Math.max(0, Math.floor(box.x - pad));
  const y = Math.max(0, Math.floor(box.y - pad));
  const w = Math.max(1, Math.min(image.width, Math.ceil(box.x + box.w + pad)) - x);
  const h = Math.max(1, Math.min(image.height, Math.ceil(box.y + box.h + pad)) - y);
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  const out = ctx.createImageData(w, h);
  for (let yy = 0; yy < h; yy++) {
    for (let xx = 0; xx < w; xx++) {
      const s = ((y + yy) * image.width + x + xx) * 3;
      const d = (yy * w + xx) * 4;
      out.data[d] = image.data[s]!;
      out.data[d + 1] = image.data[s + 1]!;
      out.data[d + 2] = image.data[s + 2]!;
      out.data[d + 3] = 255;
    }
  }
  ctx.putImageData(out, 0, 0);
  return new Uint8Array(canvas.toBuffer('image/jpeg', 85));
}
