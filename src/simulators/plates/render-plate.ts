import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import type { Box, PlateLayout, RgbImage } from '../../shared/domain/plates';

/**
 * Renders Vietnamese plates for labelled test data. Proportions follow the regulation's sizes:
 * one-row car plates 520×110 mm, two-row motorbike plates 190×140 mm. The official typeface is
 * not licensed for reuse, so DejaVu Sans Condensed Bold (Bitstream Vera licence, fonts-dejavu-core)
 * is squeezed into each character cell — the closest permissive match on a Debian machine.
 */
export const plateFontPath = '/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf';
const fontFamily = 'IOC Plate';
let fontReady = false;

function ensureFont(): void {
  if (fontReady) return;
  if (!GlobalFonts.registerFromPath(plateFontPath, fontFamily)) {
    throw new Error(`plate renderer: cannot load font ${plateFontPath} (install fonts-dejavu-core)`);
  }
  fontReady = true;
}

export type PlateColour = 'white' | 'yellow' | 'blue';
export const augmentations = ['clean', 'blur', 'angle', 'night', 'noise'] as const;
export type Augmentation = (typeof augmentations)[number];

/** Deterministic PRNG (mulberry32): the same seed renders the same pixels on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const colours: Record<PlateColour, { bg: string; fg: string }> = {
  white: { bg: '#f4f4f0', fg: '#111111' },
  yellow: { bg: '#f2c21b', fg: '#111111' },
  blue: { bg: '#1f4fa8', fg: '#f4f4f4' },
};

/** The lines printed on a plate from its normalised text: "59-X1 123.45" → ["59-X1", "123.45"]. */
export function plateLines(text: string, layout: PlateLayout): string[] {
  if (layout === 'one-row') return [text.replace(/\s+/g, '')];
  const parts = text.split(/\s+/);
  if (parts.length !== 2) throw new Error(`two-row plate text needs two parts: ${text}`);
  return parts;
}

function drawLine(ctx: SKRSContext2D, line: string, cx: number, cy: number, maxW: number, h: number): void {
  ctx.font = `bold ${Math.round(h)}px "${fontFamily}"`;
  const w = ctx.measureText(line).width;
  const sx = Math.min(1.25, maxW / w);
  ctx.save();
  ctx.translate(cx, cy);
  ctx.scale(sx, 1);
  ctx.fillText(line, 0, 0);
  ctx.restore();
}

/** The plate alone, `widthPx` wide, as a canvas (height from the layout's proportions). */
export function renderPlateCanvas(text: string, layout: PlateLayout, colour: PlateColour, widthPx: number) {
  ensureFont();
  const ratio = layout === 'one-row' ? 110 / 520 : 140 / 190;
  const w = Math.round(widthPx);
  const h = Math.round(widthPx * ratio);
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  const c = colours[colour];
  ctx.fillStyle = c.bg;
  ctx.fillRect(0, 0, w, h);
  const border = Math.max(2, Math.round(h * (layout === 'one-row' ? 0.06 : 0.035)));
  ctx.strokeStyle = c.fg;
  ctx.lineWidth = border;
  ctx.strokeRect(border / 2 + 1, border / 2 + 1, w - border - 2, h - border - 2);
  ctx.fillStyle = c.fg;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const lines = plateLines(text, layout);
  if (layout === 'one-row') {
    drawLine(ctx, lines[0]!, w / 2, h * 0.53, w * 0.88, h * 0.78);
  } else {
    drawLine(ctx, lines[0]!, w / 2, h * 0.28, w * 0.84, h * 0.4);
    drawLine(ctx, lines[1]!, w / 2, h * 0.73, w * 0.84, h * 0.4);
  }
  return canvas;
}

export interface SceneOptions {
  text: string;
  layout: PlateLayout;
  colour?: PlateColour;
  augmentation?: Augmentation;
  seed?: number;
  /** Size of the vehicle crop the plate sits in. */
  width?: number;
  height?: number;
  /** Plate width in pixels (before the angle warp). */
  plateWidth?: number;
}

export interface RenderedScene {
  image: RgbImage;
  /** Where the plate was pasted (axis-aligned bounds after the warp). */
  plateBox: Box;
}

/**
 * A plate on a vehicle-like crop (grey body, dark grille, bumper line), then one augmentation:
 * blur (box blur), angle (rotation + shear), night (dark, sensor noise, headlight glare), noise.
 */
export function renderPlateScene(opts: SceneOptions): RenderedScene {
  const rnd = seededRandom(opts.seed ?? 1);
  const aug = opts.augmentation ?? 'clean';
  const width = opts.width ?? 320;
  const height = opts.height ?? 240;
  const plateW = opts.plateWidth ?? (opts.layout === 'one-row' ? 180 + rnd() * 60 : 100 + rnd() * 30);
  const plate = renderPlateCanvas(opts.text, opts.layout, opts.colour ?? 'white', plateW);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const body = 90 + Math.floor(rnd() * 120);
  ctx.fillStyle = `rgb(${body},${body},${body + 10})`;
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = 'rgb(40,40,45)';
  ctx.fillRect(width * 0.15, height * 0.2, width * 0.7, height * 0.25);
  ctx.fillStyle = 'rgb(25,25,25)';
  ctx.fillRect(0, height * 0.88, width, height * 0.12);
  const cx = width / 2 + (rnd() - 0.5) * width * 0.15;
  const cy = height * 0.66 + (rnd() - 0.5) * height * 0.08;
  ctx.save();
  ctx.translate(cx, cy);
  if (aug === 'angle') {
    const rot = (rnd() - 0.5) * 2 * (10 * Math.PI) / 180;
    const shear = (rnd() - 0.5) * 0.4;
    ctx.rotate(rot);
    ctx.transform(1, shear * 0.3, shear, 1, 0, 0);
    ctx.scale(0.8 + rnd() * 0.2, 1);
  }
  ctx.drawImage(plate, -plate.width / 2, -plate.height / 2);
  const m = ctx.getTransform();
  ctx.restore();
  const corners = [
    [-plate.width / 2, -plate.height / 2],
    [plate.width / 2, -plate.height / 2],
    [plate.width / 2, plate.height / 2],
    [-plate.width / 2, plate.height / 2],
  ].map(([x, y]) => [m.a * x! + m.c * y! + m.e, m.b * x! + m.d * y! + m.f] as const);
  const xs = corners.map((p) => p[0]);
  const ys = corners.map((p) => p[1]);
  const bx = Math.max(0, Math.floor(Math.min(...xs)));
  const by = Math.max(0, Math.floor(Math.min(...ys)));
  const plateBox: Box = { x: bx, y: by, w: Math.min(width, Math.ceil(Math.max(...xs))) - bx, h: Math.min(height, Math.ceil(Math.max(...ys))) - by };

  const rgba = ctx.getImageData(0, 0, width, height).data;
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    rgb[j] = rgba[i]!;
    rgb[j + 1] = rgba[i + 1]!;
    rgb[j + 2] = rgba[i + 2]!;
  }
  const image: RgbImage = { width, height, data: rgb };
  if (aug === 'blur') boxBlur(image, 1 + Math.floor(rnd() * 2));
  if (aug === 'noise') addNoise(image, rnd, 18 + rnd() * 10);
  if (aug === 'night') night(image, rnd, plateBox);
  return { image, plateBox };
}

function boxBlur(img: RgbImage, r: number): void {
  const { width: w, height: h, data } = img;
  const tmp = new Uint8Array(data.length);
  const pass = (src: Uint8Array, dst: Uint8Array, horizontal: boolean) => {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (let c = 0; c < 3; c++) {
          let sum = 0;
          let n = 0;
          for (let k = -r; k <= r; k++) {
            const xx = horizontal ? x + k : x;
            const yy = horizontal ? y : y + k;
            if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
            sum += src[(yy * w + xx) * 3 + c]!;
            n++;
          }
          dst[(y * w + x) * 3 + c] = Math.round(sum / n);
        }
      }
    }
  };
  pass(data, tmp, true);
  pass(tmp, data, false);
}

function gaussian(rnd: () => number): number {
  const u = Math.max(1e-9, rnd());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
}

function addNoise(img: RgbImage, rnd: () => number, sigma: number): void {
  const d = img.data;
  for (let i = 0; i < d.length; i++) d[i] = Math.max(0, Math.min(255, Math.round(d[i]! + gaussian(rnd) * sigma)));
}

function night(img: RgbImage, rnd: () => number, plate: Box): void {
  const { width: w, height: h, data } = img;
  const gain = 0.3 + rnd() * 0.15;
  // Glare: a headlight bloom near (not over) the plate, as a camera sees at night.
  const gx = plate.x + (rnd() < 0.5 ? -0.15 : 1.15) * plate.w;
  const gy = plate.y + plate.h * 0.5;
  const gr = plate.w * 0.45;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const dist = Math.hypot(x - gx, y - gy);
      const glare = dist < gr * 2 ? 220 * Math.exp(-(dist * dist) / (gr * gr)) : 0;
      for (let c = 0; c < 3; c++) {
        const i = (y * w + x) * 3 + c;
        data[i] = Math.max(0, Math.min(255, Math.round(data[i]! * gain + glare + gaussian(rnd) * 8)));
      }
    }
  }
}
