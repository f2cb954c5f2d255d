import { plateLocalities } from '../../shared/domain/plates-provinces';
import type { PlateLayout } from '../../shared/domain/plates';
import { augmentations, renderPlateScene, seededRandom, type Augmentation, type PlateColour, type RenderedScene } from './render-plate';

/** Letters Vietnam issues as series (no I, J, O, Q, W; R is trailers). */
const letters = 'ABCDEFGHKLMNPSTUVXYZ';
const codes = [...plateLocalities.keys()];

export interface LabelledPlate {
  id: string;
  /** The ground truth in canonical form. */
  text: string;
  layout: PlateLayout;
  colour: PlateColour;
  augmentation: Augmentation;
  seed: number;
}

function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)]!;
}

function digits(rnd: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(Math.floor(rnd() * 10));
  // A serial of all zeros is never issued.
  return /^0+$/.test(s) ? `${s.slice(0, -1)}1` : s;
}

/** A random plate text in canonical form; mostly 5-digit serials, some older 4-digit ones. */
export function randomPlateText(rnd: () => number, layout: PlateLayout): string {
  const code = pick(rnd, codes);
  const serial = digits(rnd, rnd() < 0.8 ? 5 : 4);
  const fmt = serial.length === 5 ? `${serial.slice(0, 3)}.${serial.slice(3)}` : serial;
  if (layout === 'one-row') {
    const series = rnd() < 0.9 ? pick(rnd, [...letters]) : pick(rnd, ['LD', 'KT', 'NG']);
    return `${code}${series}-${fmt}`;
  }
  const series = rnd() < 0.85 ? `${pick(rnd, [...letters])}${Math.floor(rnd() * 9) + 1}` : `${pick(rnd, [...letters])}${pick(rnd, [...letters])}`;
  return `${code}-${series} ${fmt}`;
}

/**
 * A labelled set: `perLayout` plates of each layout, cycling through the augmentations so each
 * gets the same share; deterministic by `seed`.
 */
export function labelledPlateSet(perLayout: number, seed = 2026): LabelledPlate[] {
  const rnd = seededRandom(seed);
  const out: LabelledPlate[] = [];
  for (const layout of ['one-row', 'two-row'] as const) {
    for (let i = 0; i < perLayout; i++) {
      const text = randomPlateText(rnd, layout);
      const colour: PlateColour = layout === 'one-row' && rnd() < 0.25 ? 'yellow' : 'white';
      out.push({ id: `${layout}-${i}`, text, layout, colour, augmentation: augmentations[i % augmentations.length]!, seed: Math.floor(rnd() * 2 ** 31) });
    }
  }
  return out;
}

export function renderLabelled(p: LabelledPlate): RenderedScene {
  return renderPlateScene({ text: p.text, layout: p.layout, colour: p.colour, augmentation: p.augmentation, seed: p.seed });
}
