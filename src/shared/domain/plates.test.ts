import { describe, expect, it } from 'vitest';
import { canonicalKey, compactPlate, foldPlate, layoutHintFromRaw, matchPlates, normalisePlate, plateQueryToLike, watchPlateInputSchema } from './plates';

describe('normalisePlate: clean reads in every accepted format', () => {
  it.each([
    ['51F-123.45', undefined, '51F-123.45', 'one-row', 'civil', 'Thành phố Hồ Chí Minh'],
    ['51F12345', undefined, '51F-123.45', 'one-row', 'civil', 'Thành phố Hồ Chí Minh'],
    ['30A-999.99', undefined, '30A-999.99', 'one-row', 'civil', 'Hà Nội'],
    ['29A-1234', undefined, '29A-1234', 'one-row', 'civil', 'Hà Nội'],
    ['29A1234', 'one-row', '29A-1234', 'one-row', 'civil', 'Hà Nội'],
    ['29LD-123.45', undefined, '29LD-123.45', 'one-row', 'special', 'Hà Nội'],
    ['80NG-123.45', undefined, '80NG-123.45', 'one-row', 'special', 'Trung ương'],
    ['51KT 12345', 'one-row', '51KT-123.45', 'one-row', 'special', 'Thành phố Hồ Chí Minh'],
    ['29QT-01234', undefined, '29QT-012.34', 'one-row', 'special', 'Hà Nội'],
    ['59-X1 123.45', undefined, '59-X1 123.45', 'two-row', 'motorbike', 'Thành phố Hồ Chí Minh'],
    ['59X1 12345', undefined, '59-X1 123.45', 'two-row', 'motorbike', 'Thành phố Hồ Chí Minh'],
    ['29-B1 1234', undefined, '29-B1 1234', 'two-row', 'motorbike', 'Hà Nội'],
    ['29B11234', 'two-row', '29-B1 1234', 'two-row', 'motorbike', 'Hà Nội'],
    ['59-AA 123.45', undefined, '59-AA 123.45', 'two-row', 'moped', 'Thành phố Hồ Chí Minh'],
    ['29-MĐ1 123.45', undefined, '29-MĐ1 123.45', 'two-row', 'electric', 'Hà Nội'],
    ['29-MD1 123.45', 'two-row', '29-MĐ1 123.45', 'two-row', 'electric', 'Hà Nội'],
    ['43tđ-123.45', undefined, '43TĐ-123.45', 'one-row', 'special', 'Đà Nẵng'],
    ['  51f - 123 . 45 ', undefined, '51F-123.45', 'one-row', 'civil', 'Thành phố Hồ Chí Minh'],
  ] as const)('%s (%s) → %s', (raw, hint, text, layout, kind, province) => {
    const n = normalisePlate(raw, hint);
    expect(n).toMatchObject({ text, layout, kind, valid: true, province });
  });

  it('tells same-length layouts apart by the hint or the raw spacing', () => {
    expect(normalisePlate('29B11234')?.text).toBe('29B-112.34');
    expect(normalisePlate('29B11234', 'two-row')?.text).toBe('29-B1 1234');
    expect(normalisePlate('29B1 1234')?.text).toBe('29-B1 1234');
    expect(layoutHintFromRaw('59-X1 123.45')).toBe('two-row');
    expect(layoutHintFromRaw('51F-123.45')).toBeUndefined();
    expect(layoutHintFromRaw('a b c')).toBeUndefined();
  });
});

describe('normalisePlate: confusables corrected by slot', () => {
  it.each([
    ['S1F-123.45', '51F-123.45', 1], // S in a locality digit slot is 5
    ['5IF-123.45', '51F-123.45', 1], // I in a digit slot is 1
    ['510-123.45', '51D-123.45', 1], // 0 in the series letter slot is D
    ['518-123.45', '51B-123.45', 1], // 8 in the series slot is B
    ['515-123.45', '51S-123.45', 1],
    ['512-123.45', '51Z-123.45', 1],
    ['516-123.45', '51G-123.45', 1],
    ['514-123.45', '51A-123.45', 1],
    ['511-123.45', '51L-123.45', 1],
    ['21-19 763.01', '21-L9 763.01', 1],
    ['51F-I23.4S', '51F-123.45', 2],
    ['51F-O2B.ZG', '51F-028.26', 4],
    ['51F-1D3.45', '51F-103.45', 1],
    ['3OA-999.99', '30A-999.99', 1],
    ['59-XI 123.45', '59-X1 123.45', 1], // I is no series letter: the second series slot reads 1
    ['59-X1 I23.45', '59-X1 123.45', 1],
    ['S9-X1 123.A5', '59-X1 123.45', 2],
  ] as const)('%s → %s with %i corrections', (raw, text, corrections) => {
    const n = normalisePlate(raw);
    expect(n?.text).toBe(text);
    expect(n?.corrections).toBe(corrections);
  });
});

describe('normalisePlate: validation and garbage', () => {
  it('reads a plate with an unknown or disputed locality code but does not call it valid', () => {
    for (const raw of ['13A-123.45', '10A-123.45', '42B-111.11', '96C-222.22', '91-K1 123.45']) {
      const n = normalisePlate(raw);
      expect(n, raw).not.toBeNull();
      expect(n?.valid, raw).toBe(false);
      expect(n?.province, raw).toBeUndefined();
    }
  });

  it('refuses an all-zero serial', () => {
    expect(normalisePlate('51F-000.00')?.valid).toBe(false);
    expect(normalisePlate('51F-000.01')?.valid).toBe(true);
  });

  it.each(['', ' ', '---', 'ABC', '51F', '51F-12', 'HELLOWORLD', '51F-123.456789', '中文车牌', 'ABCDEFGH', '51-12.45', '5-1F-1.2', '5X-123.45', 'XX F-123.45', '51FF-1.2', 'K1F-123.45', '51W-123.45', '51I-12345'])(
    'returns null for %j',
    (raw) => {
      expect(normalisePlate(raw)).toBeNull();
    },
  );
});

describe('compact, fold, match', () => {
  it('compacts to letters and digits, keeping Đ', () => {
    expect(compactPlate('29-MĐ1 123.45')).toBe('29MĐ112345');
    expect(compactPlate('29-mđ1 123.45')).toBe('29MĐ112345');
    expect(compactPlate('51F-123.45')).toBe('51F12345');
  });

  it('folds each confusable group to one symbol', () => {
    expect(foldPlate('51F-123.45')).toBe(foldPlate('S1F-I23.4S'));
    expect(foldPlate('30D-888.88')).toBe(foldPlate('3O0-BBB.BB'));
    expect(foldPlate('51F-123.45')).not.toBe(foldPlate('51F-123.46'));
  });

  it('says exact or confusable or no match', () => {
    expect(matchPlates('51F-123.45', '51F12345')).toBe('exact');
    expect(matchPlates('51F-123.45', '51F-I23.45')).toBe('exact'); // the slot rule already corrects I → 1
    expect(matchPlates('51D-123.45', '510-123.45')).toBe('exact');
    expect(matchPlates('59-S5 123.45', '59-SS 123.45')).toBe('confusable'); // the second series slot takes a letter or a digit
    expect(matchPlates('51B-123.45', '51S-123.45')).toBeNull();
    expect(matchPlates('30A-888.88', '30A-8B8.88')).toBe('exact');
    expect(matchPlates('51F-123.45', '51F-123.46')).toBeNull();
    expect(matchPlates('51F-123.45', '')).toBeNull();
    expect(matchPlates('29-MĐ1 123.45', '29-MD1 123.45')).toBe('exact');
  });

  it('keys a non-plate by its compact form', () => {
    expect(canonicalKey('hello')).toBe('HELLO');
  });
});

describe('plateQueryToLike', () => {
  it.each([
    ['51F', {}, '%51F%'],
    ['51F', { prefix: true }, '51F%'],
    ['51F-123', {}, '%51F123%'],
    ['123.45', {}, '%12345%'],
    ['S1F*45', {}, '51F%45'],
    ['51?-1*', {}, '51_-1%'.replace('-', '')],
    ['30O', {}, '%300%'],
  ] as const)('%s %j → %s', (q, opts, like) => {
    expect(plateQueryToLike(q, opts)).toBe(like);
  });

  it('returns null without a letter or digit', () => {
    expect(plateQueryToLike('  ')).toBeNull();
    expect(plateQueryToLike('*-.')).toBeNull();
  });
});

describe('watchPlateInputSchema', () => {
  it('accepts plate-like text and refuses other characters', () => {
    expect(watchPlateInputSchema.safeParse('51F-123.45').success).toBe(true);
    expect(watchPlateInputSchema.safeParse('29-MĐ1 123.45').success).toBe(true);
    expect(watchPlateInputSchema.safeParse("51F'; DROP").success).toBe(false);
    expect(watchPlateInputSchema.safeParse('51').success).toBe(false);
  });
});
