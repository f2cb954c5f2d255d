import { describe, expect, it } from 'vitest';
import { foldDiacritics, foldedKey, foldedWords, foldForSearch, slugify } from './fold';

describe('foldDiacritics', () => {
  it('folds every Vietnamese vowel and tone to plain ASCII', () => {
    expect(foldDiacritics('Đông Hà')).toBe('dong ha');
    expect(foldDiacritics('Hùng Vương')).toBe('hung vuong');
    expect(foldDiacritics('Phường 1')).toBe('phuong 1');
    expect(foldDiacritics('ĂÂÊÔƠƯ ắằẳẵặ ấầẩẫậ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự ỳýỷỹỵ')).toBe('aaeoou aaaaa aaaaa eeeee ooooo ooooo uuuuu yyyyy');
  });

  it('treats đ and Đ as d', () => {
    expect(foldDiacritics('đường Đ')).toBe('duong d');
  });

  it('gives the same result for precomposed and decomposed input', () => {
    const composed = 'Quảng Trị';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(foldDiacritics(decomposed)).toBe(foldDiacritics(composed));
  });
});

describe('foldedWords / foldedKey / slugify', () => {
  it('splits on anything that is not a letter or digit', () => {
    expect(foldedWords('cam-ai-03')).toEqual(['cam', 'ai', '03']);
    expect(foldedWords('  Lê Duẩn (QL1) ')).toEqual(['le', 'duan', 'ql1']);
    expect(foldedWords('—')).toEqual([]);
  });

  it('normalises spacing and punctuation into one key', () => {
    expect(foldedKey('Phường  1')).toBe(foldedKey('phuong-1'));
  });

  it('makes ids from names', () => {
    expect(slugify('Đông Giang')).toBe('dong-giang');
    expect(slugify('Ngã tư Lê Duẩn – Hùng Vương')).toBe('nga-tu-le-duan-hung-vuong');
  });
});

describe('foldForSearch', () => {
  it('lets a folded query be found with includes in folded text', () => {
    const haystack = foldForSearch('Camera AI Lê Duẩn – Hùng Vương, Phường 1 cam-ai-01');
    expect(haystack.includes(foldForSearch('HUNG  vuong'))).toBe(true);
    expect(haystack.includes(foldForSearch('cam-ai-01'))).toBe(true);
    expect(haystack.includes(foldForSearch('phuong 2'))).toBe(false);
  });
});
