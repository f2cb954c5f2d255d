/**
 * Diacritic folding for search. Operators type "dong ha" on keyboards without a Vietnamese
 * input method and expect "Đông Hà"; both must meet in one plain-ASCII form.
 */

// Combining marks left over after canonical decomposition: tones, breves, horns, circumflexes.
const combiningMarks = /\p{M}+/gu;

/** Lowercase, without diacritics; "Đ"/"đ" become "d" (they have no Unicode decomposition). */
export function foldDiacritics(text: string): string {
  return text.normalize('NFD').replace(combiningMarks, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

/** The folded words of a text: runs of letters and digits, so "cam-ai-03" is ["cam", "ai", "03"]. */
export function foldedWords(text: string): string[] {
  return foldDiacritics(text).split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0);
}

/** One comparable key: the folded words joined by single spaces ("Phường  1" and "phuong-1" agree). */
export function foldedKey(text: string): string {
  return foldedWords(text).join(' ');
}

/** A URL- and id-friendly form: "Hùng Vương" → "hung-vuong". */
export function slugify(text: string): string {
  return foldedWords(text).join('-');
}

/**
 * The form to compare with `includes`: fold both the query and the text searched, and
 * "Hùng Vương", "hung-vuong" and "HUNG  VUONG" all meet as "hung vuong".
 */
export const foldForSearch = foldedKey;
