import { describe, expect, it } from 'vitest';
import { basemapRefusalKey } from './basemap-errors';
import { importFailure, layerNameFromFile } from './import-errors';
import { mapStrings } from './strings';

const rpcError = (message: string, details?: unknown) => Object.assign(new Error(message), { code: 'INVALID_ARGUMENT', details });

describe('importFailure', () => {
  it('lists the host’s path and message for each problem, and counts the ones not listed', () => {
    const f = importFailure(
      rpcError('the GeoJSON file was refused', {
        errors: [
          { path: 'features[0].geometry.coordinates', message: 'longitude 200 is outside −180…180' },
          { path: '', message: 'JSON syntax error at line 3' },
          { nonsense: true },
        ],
        errorCount: 40,
      }),
      2,
    );
    expect(f.summary).toBe('the GeoJSON file was refused');
    expect(f.issues).toEqual([
      { path: 'features[0].geometry.coordinates', message: 'longitude 200 is outside −180…180' },
      { path: '', message: 'JSON syntax error at line 3' },
    ]);
    expect(f.more).toBe(38);
  });

  it('keeps the summary when there is no list at all', () => {
    expect(importFailure(new Error('offline'))).toEqual({ summary: 'offline', issues: [], more: 0 });
    expect(importFailure('boom')).toEqual({ summary: 'boom', issues: [], more: 0 });
  });
});

describe('layerNameFromFile', () => {
  it('drops folders and the extension, and never answers empty', () => {
    expect(layerNameFromFile('C:\\data\\Điểm ngập.geojson')).toBe('Điểm ngập');
    expect(layerNameFromFile('/tmp/roads.JSON')).toBe('roads');
    expect(layerNameFromFile('.geojson')).toBe('.geojson');
    expect(layerNameFromFile('x'.repeat(300))).toHaveLength(120);
  });
});

describe('basemapRefusalKey', () => {
  it('names a translated sentence for each reason the host gives, and nothing for others', () => {
    expect(basemapRefusalKey(rpcError('x', { reason: 'not-vector' }))).toBe('map.basemap.error.not-vector');
    expect(basemapRefusalKey(rpcError('x', { reason: 'made-up' }))).toBeNull();
    expect(basemapRefusalKey(new Error('x'))).toBeNull();
    expect(basemapRefusalKey(null)).toBeNull();
  });

  it('has a sentence in both languages for every reason the basemap service gives', () => {
    const reasons = ['bad-path', 'not-found', 'unreadable', 'not-a-file', 'empty', 'too-large', 'unknown-format', 'truncated', 'unsupported-version', 'not-vector', 'unsupported-compression', 'bad-schema', 'corrupt'];
    for (const reason of reasons) {
      const key = basemapRefusalKey(rpcError('x', { reason }))!;
      expect(key, reason).not.toBeNull();
      expect(mapStrings.vi[key]).toBeTruthy();
      expect(mapStrings.en[key]).toBeTruthy();
    }
  });
});
