import { describe, expect, it } from 'vitest';
import { cameraAdminStrings } from './strings';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('cameraAdminStrings', () => {
  it('has every key in Vietnamese and English, none empty, with the same placeholders', () => {
    const vi = cameraAdminStrings.vi as Record<string, string>;
    const en = cameraAdminStrings.en as Record<string, string>;
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const key of Object.keys(vi)) {
      expect(key.startsWith('cameraAdmin.'), key).toBe(true);
      expect(vi[key]!.trim(), key).not.toBe('');
      expect(en[key]!.trim(), key).not.toBe('');
      expect(placeholders(en[key]!), key).toEqual(placeholders(vi[key]!));
    }
  });

  it('uses the words operators expect', () => {
    expect(cameraAdminStrings.vi['cameraAdmin.open']).toBe('Quản lý camera');
    expect(cameraAdminStrings.vi['cameraAdmin.watch']).toBe('Xem video');
    expect(cameraAdminStrings.vi['cameraAdmin.nearby']).toBe('Camera gần đây');
  });
});
