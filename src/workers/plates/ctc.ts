/**
 * CTC greedy decoding restricted to the characters a Vietnamese plate can carry. The PP-OCR
 * dictionary is ~6600 Chinese and ASCII symbols; masking all but A–Z, 0–9, '-' and '.' makes the
 * arg-max choose the best plate character at each step instead of a look-alike hanzi.
 * (Đ is not in the dictionary: the normaliser restores it from D where the series demands it.)
 */
export const plateAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.';

export interface CtcVocabulary {
  /** Class indices allowed, blank (0) first. */
  allowed: Int32Array;
  /** Character of each allowed index (blank → ''). */
  chars: string[];
}

/** From ppocr_keys_v1.txt: class i (1-based) is line i; 0 is blank; the last class is a space. */
export function plateVocabulary(keysText: string, classes: number): CtcVocabulary {
  const keys = keysText.split(/\r?\n/);
  const allowed: number[] = [0];
  const chars: string[] = [''];
  for (let i = 0; i < keys.length && i + 1 < classes; i++) {
    const k = keys[i]!;
    if (k.length === 1 && plateAlphabet.includes(k)) {
      allowed.push(i + 1);
      chars.push(k);
    }
  }
  const missing = [...plateAlphabet].filter((c) => !chars.includes(c));
  if (missing.length > 0) throw new Error(`plate reader: dictionary lacks plate characters ${missing.join('')}`);
  return { allowed: Int32Array.from(allowed), chars };
}

export interface CtcResult {
  text: string;
  /** Mean probability of the emitted characters (0 when none). */
  confidence: number;
  /** Per emitted character probability. */
  probs: number[];
}

/** Decodes row `n` of a [N, T, C] softmax output. */
export function ctcDecode(out: Float32Array, n: number, steps: number, classes: number, vocab: CtcVocabulary): CtcResult {
  let text = '';
  const probs: number[] = [];
  let prev = -1;
  const base = n * steps * classes;
  for (let t = 0; t < steps; t++) {
    const row = base + t * classes;
    let best = 0;
    let bestP = -1;
    for (let k = 0; k < vocab.allowed.length; k++) {
      const p = out[row + vocab.allowed[k]!]!;
      if (p > bestP) {
        bestP = p;
        best = k;
      }
    }
    if (best !== 0 && best !== prev) {
      text += vocab.chars[best]!;
      probs.push(bestP);
    }
    prev = best;
  }
  const confidence = probs.length ? probs.reduce((a, b) => a + b, 0) / probs.length : 0;
  return { text, confidence, probs };
}
