/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
// The shipped demo city, read as text the way an operator's file would be (`?raw` keeps this pure).
import demoLandmarks from '../../../resources/demo-city/landmarks.geojson?raw';
import demoRoads from '../../../resources/demo-city/roads.geojson?raw';
import demoWards from '../../../resources/demo-city/wards.geojson?raw';
import demoWater from '../../../resources/demo-city/water.geojson?raw';
import { parseGeoJsonText, type GeoJsonParseOptions, type GeoJsonParseResult } from './geojson';

const dongHa = [107.07, 16.8, 107.13, 16.85] as const;

const point = (lon = 107.1, lat = 16.82) => ({ type: 'Point', coordinates: [lon, lat] });
const feature = (geometry: unknown, properties: unknown = { name: 'x' }) => ({ type: 'Feature', properties, geometry });
const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });
const square = (lon = 107.1, lat = 16.82, d = 0.001) => [
  [lon, lat],
  [lon + d, lat],
  [lon + d, lat + d],
  [lon, lat + d],
  [lon, lat],
];

function parse(value: unknown, options?: GeoJsonParseOptions): GeoJsonParseResult {
  return parseGeoJsonText(typeof value === 'string' ? value : JSON.stringify(value), options);
}

function accepted(value: unknown, options?: GeoJsonParseOptions) {
  const result = parse(value, options);
  if (!result.ok) throw new Error(`expected acceptance, got ${JSON.stringify(result.errors)}`);
  return result;
}

function refused(value: unknown, options?: GeoJsonParseOptions) {
  const result = parse(value, options);
  if (result.ok) throw new Error('expected refusal');
  return result;
}

describe('parseGeoJsonText: accepted shapes', () => {
  it('accepts a FeatureCollection of every geometry type', () => {
    const result = accepted(
      collection(
        feature(point()),
        feature({ type: 'MultiPoint', coordinates: [[107.1, 16.8], [107.11, 16.81]] }),
        feature({ type: 'LineString', coordinates: [[107.1, 16.8], [107.11, 16.81, 4.5]] }),
        feature({ type: 'MultiLineString', coordinates: [[[107.1, 16.8], [107.11, 16.81]]] }),
        feature({ type: 'Polygon', coordinates: [square()] }),
        feature({ type: 'MultiPolygon', coordinates: [[square()], [square(107.2)]] }),
        feature({ type: 'GeometryCollection', geometries: [point(), { type: 'LineString', coordinates: [[1, 2], [3, 4]] }] }),
        feature(null, null),
      ),
    );
    expect(result.featureCount).toBe(8);
    expect(result.collection.features.map((f) => f.geometry?.type ?? null)).toEqual([
      'Point',
      'MultiPoint',
      'LineString',
      'MultiLineString',
      'Polygon',
      'MultiPolygon',
      'GeometryCollection',
      null,
    ]);
    expect(result.warnings).toEqual(['1 feature(s) have no geometry and will not be drawn']);
  });

  it('wraps a single Feature into a collection and keeps its id and properties', () => {
    const result = accepted({ ...feature(point(), { name: 'Chợ', level: 2 }), id: 'f1' });
    expect(result.collection).toEqual({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', id: 'f1', properties: { name: 'Chợ', level: 2 }, geometry: point() }],
    });
  });

  it('wraps a bare geometry into a collection', () => {
    const result = accepted({ type: 'Polygon', coordinates: [square()] });
    expect(result.featureCount).toBe(1);
    expect(result.collection.features[0]).toEqual({ type: 'Feature', properties: null, geometry: { type: 'Polygon', coordinates: [square()] } });
  });

  it('treats missing properties as null and drops foreign members', () => {
    const result = accepted({ type: 'FeatureCollection', name: 'layer', features: [{ type: 'Feature', geometry: { ...point(), extra: 1 } }] });
    expect(result.collection).toEqual({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: null, geometry: point() }] });
  });

  it('accepts a byte-order mark before the JSON', () => {
    expect(parseGeoJsonText('\uFEFF' + JSON.stringify(point())).ok).toBe(true);
  });

  it('accepts an empty collection', () => {
    expect(accepted(collection()).featureCount).toBe(0);
  });
});

describe('parseGeoJsonText: refusals', () => {
  it('reports where the JSON breaks', () => {
    const result = refused('{\n  "type": "FeatureCollection",\n  "features": [,]\n}');
    expect(result.errors).toEqual([{ path: '', message: expect.stringContaining('line 3, column 16') }]);
    expect(result.errors[0]!.message).toMatch(/^not valid JSON/);
  });

  it('refuses empty text', () => {
    expect(refused('  \n').errors[0]!.message).toBe('the file is empty');
  });

  it('refuses non-objects and unknown types', () => {
    expect(refused([1, 2]).errors[0]!.message).toContain('must be an object');
    expect(refused({ features: [] }).errors[0]).toEqual({ path: 'type', message: expect.stringContaining('missing "type"') });
    expect(refused({ type: 'Topology' }).errors[0]!.message).toContain('unknown GeoJSON type "Topology"');
    expect(refused(collection(feature({ type: 'Circle', coordinates: [1, 2] }))).errors[0]).toEqual({
      path: 'features[0].geometry.type',
      message: expect.stringContaining('must be one of Point'),
    });
    expect(refused(collection({ type: 'feature', properties: {}, geometry: point() })).errors[0]!.path).toBe('features[0].type');
  });

  it('refuses a collection without a features array', () => {
    expect(refused({ type: 'FeatureCollection', features: {} }).errors[0]).toEqual({ path: 'features', message: '"features" must be an array' });
  });

  it('refuses properties that are not an object or null', () => {
    for (const properties of [[1], 'name', 3]) {
      expect(refused(collection(feature(point(), properties))).errors[0]).toEqual({
        path: 'features[0].properties',
        message: '"properties" must be an object or null',
      });
    }
  });

  it('refuses a feature without a geometry member', () => {
    expect(refused(collection({ type: 'Feature', properties: {} })).errors[0]!.path).toBe('features[0].geometry');
  });

  it('refuses non-numeric and non-finite coordinates', () => {
    expect(refused(feature({ type: 'Point', coordinates: ['107', 16.8] })).errors[0]).toEqual({
      path: 'geometry.coordinates',
      message: 'coordinates must be finite numbers; found "107"',
    });
    // 1e999 is valid JSON and parses to Infinity.
    expect(refused('{"type":"Point","coordinates":[1e999,16.8]}').errors[0]!.message).toContain('finite');
    expect(refused(feature({ type: 'Point', coordinates: [107.1] })).errors[0]!.message).toContain('[longitude, latitude]');
    expect(refused(feature({ type: 'Point', coordinates: [1, 2, 3, 4] })).errors[0]!.message).toContain('[longitude, latitude]');
  });

  it('refuses longitudes and latitudes out of range, with a hint for swapped or projected data', () => {
    expect(refused(point(181, 16)).errors[0]!.message).toBe('longitude 181 is outside −180…180');
    expect(refused(point(16.8, 107.1)).errors[0]!.message).toContain('swapped');
    expect(refused(point(500_000, 1_860_000)).errors[0]!.message).toContain('projected');
  });

  it('refuses a LineString with fewer than 2 positions', () => {
    expect(refused({ type: 'LineString', coordinates: [[107.1, 16.8]] }).errors[0]).toEqual({
      path: 'geometry.coordinates',
      message: 'a LineString needs at least 2 positions',
    });
    expect(refused({ type: 'MultiLineString', coordinates: [[[1, 2], [3, 4]], [[1, 2]]] }).errors[0]!.path).toBe('geometry.coordinates[1]');
  });

  it('refuses open rings and rings with fewer than 4 positions', () => {
    const open = square().slice(0, 4).concat([[107.2, 16.9]]);
    expect(refused({ type: 'Polygon', coordinates: [open] }).errors[0]).toEqual({
      path: 'geometry.coordinates[0]',
      message: 'a linear ring must be closed: its last position must equal its first',
    });
    expect(refused({ type: 'Polygon', coordinates: [[[1, 2], [3, 4], [1, 2]]] }).errors[0]!.message).toBe('a linear ring needs at least 4 positions');
    expect(refused({ type: 'Polygon', coordinates: [] }).errors[0]!.message).toBe('a Polygon needs at least one linear ring');
    expect(refused({ type: 'MultiPolygon', coordinates: [[square()], [open]] }).errors[0]!.path).toBe('geometry.coordinates[1][0]');
  });

  it('refuses a geometry whose coordinates are missing or not arrays', () => {
    expect(refused({ type: 'Polygon' }).errors[0]!.message).toBe('a Polygon needs "coordinates"');
    expect(refused({ type: 'MultiPoint', coordinates: 5 }).errors[0]!.message).toBe('expected an array; found 5');
    expect(refused({ type: 'GeometryCollection' }).errors[0]!.message).toContain('"geometries" array');
  });

  it('reports errors inside a GeometryCollection with their path', () => {
    const bad = { type: 'GeometryCollection', geometries: [point(), { type: 'Point', coordinates: [200, 0] }] };
    expect(refused(collection(feature(bad))).errors[0]!.path).toBe('features[0].geometry.geometries[1].coordinates');
  });

  it('lists at most maxErrors errors and counts the rest', () => {
    const many = collection(...Array.from({ length: 30 }, () => feature(point(500, 16))));
    const result = refused(many);
    expect(result.errors).toHaveLength(20);
    expect(result.errorCount).toBe(30);
    expect(result.errors[19]!.path).toBe('features[19].geometry.coordinates');
    expect(refused(many, { maxErrors: 3 }).errors).toHaveLength(3);
  });
});

describe('parseGeoJsonText: limits', () => {
  it('refuses text over the size limit before parsing it', () => {
    const text = JSON.stringify(collection(feature(point(), { note: 'ư'.repeat(600) })));
    // 'ư' is 2 bytes in UTF-8: the limit counts bytes, not characters.
    expect(text.length).toBeLessThan(1024);
    expect(refused(text, { maxBytes: 1024 }).errors[0]!.message).toMatch(/^the file is .* MB; the limit is .* MB$/);
    expect(accepted(text, { maxBytes: 2048 }).featureCount).toBe(1);
  });

  it('refuses more features than allowed', () => {
    const features = Array.from({ length: 11 }, () => feature(point()));
    expect(refused(collection(...features), { maxFeatures: 10 }).errors[0]).toEqual({ path: 'features', message: '11 features; the limit is 10' });
    expect(accepted(collection(...features.slice(1)), { maxFeatures: 10 }).featureCount).toBe(10);
  });

  it('refuses more positions than allowed', () => {
    const line = { type: 'LineString', coordinates: Array.from({ length: 101 }, (_, i) => [107 + i * 1e-4, 16.8]) };
    expect(refused(line, { maxPositions: 100 }).errors[0]!.message).toContain('more than 100 coordinate positions');
    expect(accepted(line, { maxPositions: 101 }).positionCount).toBe(101);
  });

  it('refuses deep nesting anywhere, even in properties, without overflowing the stack', () => {
    const deep = '{"type":"Feature","geometry":null,"properties":{"a":' + '['.repeat(100) + ']'.repeat(100) + '}}';
    expect(refused(deep).errors[0]!.message).toMatch(/^nesting deeper than 64 levels at line 1, column \d+$/);
    const hostile = '['.repeat(1_000_000);
    expect(refused(hostile).errors[0]!.message).toContain('nesting deeper');
    // Brackets inside strings are text, not nesting.
    expect(accepted(feature(point(), { text: '[[[['.repeat(100) })).featureCount).toBe(1);
  });

  it('handles the full position limit in reasonable time', () => {
    const coordinates = Array.from({ length: 999_990 }, (_, i) => [107 + (i % 10) / 10, 16.8]);
    const text = JSON.stringify(collection(feature({ type: 'MultiPoint', coordinates })));
    const started = performance.now();
    const result = accepted(text);
    expect(result.positionCount).toBe(999_990);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('parseGeoJsonText: warnings', () => {
  it('warns when nothing lies near the city', () => {
    const hanoi = accepted(collection(feature(point(105.85, 21.03))), { near: { bounds: dongHa } });
    expect(hanoi.warnings).toEqual([expect.stringContaining('nothing lies within ~28 km of the city')]);
  });

  it('says so when swapping longitude and latitude would put the data in the city', () => {
    // A point at "longitude 16.82, latitude 107.1" is out of range; use a swap that stays in range.
    const swappedBounds = [16.7, 80.0, 16.9, 80.2] as const;
    const result = accepted(collection(feature(point(80.1, 16.8))), { near: { bounds: swappedBounds } });
    expect(result.warnings[0]).toContain('swapped');
  });

  it('does not warn when at least one position is near', () => {
    const result = accepted(collection(feature(point(105.85, 21.03)), feature(point(107.1, 16.82))), { near: { bounds: dongHa } });
    expect(result.warnings).toEqual([]);
  });

  it('warns that a crs member is ignored', () => {
    const result = accepted({ ...collection(feature(point())), crs: { type: 'name', properties: { name: 'EPSG:3405' } } });
    expect(result.warnings[0]).toContain('"crs" member was ignored');
  });
});

describe('parseGeoJsonText: the shipped demo city', () => {
  it.each([
    ['wards.geojson', demoWards, 9],
    ['roads.geojson', demoRoads, 12],
    ['water.geojson', demoWater, 4],
    ['landmarks.geojson', demoLandmarks, 9],
  ])('accepts %s without warnings', (_name, text, features) => {
    const result = accepted(text, { near: { bounds: dongHa } });
    expect(result.featureCount).toBe(features);
    expect(result.warnings).toEqual([]);
    expect(result.collection).toEqual(JSON.parse(text));
  });
});
