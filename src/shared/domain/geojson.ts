import { z } from 'zod';
import type { Feature, FeatureCollection, Geometry, GeoJsonProperties } from 'geojson';
import { findJsonSyntaxError, lineColumnAt } from '../text/json-syntax-error';

/**
 * Validation of GeoJSON text imported by operators (RFC 7946). A file that fails any rule is
 * refused as a whole with a list of what is wrong and where, so a half-drawn layer never
 * reaches the map. Runs in the main process on import and, being pure, anywhere else.
 */

export const geometryTypes = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection'] as const;
export type GeometryType = (typeof geometryTypes)[number];

export interface GeoJsonLimits {
  /** UTF-8 size of the text. */
  maxBytes: number;
  maxFeatures: number;
  /** Coordinate positions over all features. */
  maxPositions: number;
  /** Nesting of arrays and objects anywhere in the document, properties included. */
  maxDepth: number;
  /** Errors listed in a refusal; the rest are only counted. */
  maxErrors: number;
}

export const defaultGeoJsonLimits: Readonly<GeoJsonLimits> = {
  maxBytes: 20 * 1024 * 1024,
  maxFeatures: 50_000,
  maxPositions: 1_000_000,
  maxDepth: 64,
  maxErrors: 20,
};

/** [west, south, east, north] in degrees. */
export type LngLatBounds = readonly [number, number, number, number];

export interface GeoJsonParseOptions extends Partial<GeoJsonLimits> {
  /** Warn when no position lies within `marginDeg` of these bounds (the city being watched). */
  near?: { bounds: LngLatBounds; marginDeg?: number };
}

export interface GeoJsonIssue {
  /** Where in the document: `features[3].geometry.coordinates[0][2]`; empty for the whole text. */
  path: string;
  message: string;
}

export type GeoJsonParseResult =
  | { ok: true; collection: FeatureCollection; featureCount: number; positionCount: number; warnings: string[] }
  | { ok: false; errors: GeoJsonIssue[]; /** All errors found, listed or not. */ errorCount: number };

const defaultNearMarginDeg = 0.25;

const bboxSchema = z.array(z.number()).refine((b) => b.length >= 4 && b.length % 2 === 0, 'bbox must hold 4 or 6 numbers');

const collectionEnvelopeSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.unknown(), { error: '"features" must be an array' }),
  bbox: bboxSchema.optional(),
});

const propertiesSchema = z.record(z.string(), z.unknown(), { error: '"properties" must be an object or null' });

const featureEnvelopeSchema = z.object({
  type: z.literal('Feature', { error: 'each member of "features" must have "type": "Feature"' }),
  id: z.union([z.string(), z.number()], { error: '"id" must be a string or a number' }).optional(),
  // RFC 7946 requires the member; files from common tools omit it, and null says the same thing.
  properties: propertiesSchema.nullable().optional(),
  geometry: z.unknown(),
  bbox: bboxSchema.optional(),
});

const geometryEnvelopeSchema = z.object({
  type: z.enum(geometryTypes, { error: `"type" must be one of ${geometryTypes.join(', ')}` }),
  coordinates: z.unknown().optional(),
  geometries: z.unknown().optional(),
  bbox: bboxSchema.optional(),
});

export function parseGeoJsonText(text: string, options: GeoJsonParseOptions = {}): GeoJsonParseResult {
  const limits: GeoJsonLimits = { ...defaultGeoJsonLimits, ...definedOnly(options) };
  const report = new IssueList(limits.maxErrors);

  const bytes = utf8Length(text);
  if (bytes > limits.maxBytes) {
    return refuse(`the file is ${formatMiB(bytes)}; the limit is ${formatMiB(limits.maxBytes)}`);
  }
  // Windows tools like to start UTF-8 files with a byte-order mark; JSON.parse does not.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return refuse('the file is empty');

  const tooDeep = findExcessNesting(body, limits.maxDepth);
  if (tooDeep !== null) {
    const { line, column } = lineColumnAt(body, tooDeep);
    return refuse(`nesting deeper than ${limits.maxDepth} levels at line ${line}, column ${column}`);
  }

  let root: unknown;
  try {
    root = JSON.parse(body);
  } catch {
    const problem = findJsonSyntaxError(body);
    return refuse(problem ? `not valid JSON: ${problem.message} at line ${problem.line}, column ${problem.column}` : 'not valid JSON');
  }

  const warnings: string[] = [];
  const rawFeatures = topLevelFeatures(root, report, warnings, limits);
  if (!rawFeatures) return report.failure();

  const walker = new CoordinateWalker(report, limits.maxPositions);
  if (options.near) walker.watch(expand(options.near.bounds, options.near.marginDeg ?? defaultNearMarginDeg));
  const features: Feature[] = [];
  for (let i = 0; i < rawFeatures.items.length && !walker.overLimit; i++) {
    const feature = checkFeature(rawFeatures.items[i], rawFeatures.pathOf(i), report, walker);
    if (feature) features.push(feature);
  }
  if (walker.overLimit) {
    return refuse(`more than ${limits.maxPositions.toLocaleString('en')} coordinate positions; simplify the data or split the file`);
  }
  if (report.count > 0) return report.failure();

  const empty = features.filter((f) => f.geometry === null).length;
  if (empty > 0) warnings.push(`${empty} feature(s) have no geometry and will not be drawn`);
  if (options.near) warnings.push(...nearnessWarnings(walker, options.near.bounds, options.near.marginDeg ?? defaultNearMarginDeg));

  return {
    ok: true,
    collection: { type: 'FeatureCollection', features },
    featureCount: features.length,
    positionCount: walker.positions,
    warnings,
  };

  function refuse(message: string): GeoJsonParseResult {
    return { ok: false, errors: [{ path: '', message }], errorCount: 1 };
  }
}

/** Accepts a FeatureCollection, one Feature, or a bare geometry; returns the features to check. */
function topLevelFeatures(
  root: unknown,
  report: IssueList,
  warnings: string[],
  limits: GeoJsonLimits,
): { items: unknown[]; pathOf(index: number): string } | null {
  if (!isPlainObject(root)) {
    report.add('', `GeoJSON must be an object with a "type"; found ${describeValue(root)}`);
    return null;
  }
  if ('crs' in root) warnings.push('the "crs" member was ignored: RFC 7946 GeoJSON is always WGS84 longitude/latitude');
  const type = root.type;
  if (type === 'FeatureCollection') {
    const envelope = collectionEnvelopeSchema.safeParse(root);
    if (!envelope.success) {
      report.addZod('', envelope.error);
      return null;
    }
    const items = envelope.data.features;
    if (items.length > limits.maxFeatures) {
      report.add('features', `${items.length.toLocaleString('en')} features; the limit is ${limits.maxFeatures.toLocaleString('en')}`);
      return null;
    }
    return { items, pathOf: (i) => `features[${i}]` };
  }
  if (type === 'Feature') return { items: [root], pathOf: () => '' };
  if (typeof type === 'string' && (geometryTypes as readonly string[]).includes(type)) {
    return { items: [{ type: 'Feature', properties: null, geometry: root }], pathOf: () => '' };
  }
  report.add(
    'type',
    type === undefined
      ? 'missing "type": expected FeatureCollection, Feature or a geometry type'
      : `unknown GeoJSON type ${describeValue(type)}: expected FeatureCollection, Feature, ${geometryTypes.join(', ')}`,
  );
  return null;
}

function checkFeature(raw: unknown, path: string, report: IssueList, walker: CoordinateWalker): Feature | null {
  if (!isPlainObject(raw)) {
    report.add(path, `a feature must be an object; found ${describeValue(raw)}`);
    return null;
  }
  const envelope = featureEnvelopeSchema.safeParse(raw);
  if (!envelope.success) {
    report.addZod(path, envelope.error);
    return null;
  }
  const { id, properties, geometry: rawGeometry } = envelope.data;
  let geometry: Geometry | null = null;
  if (rawGeometry !== null) {
    if (rawGeometry === undefined) {
      report.add(join(path, 'geometry'), 'missing "geometry" (use null for a feature without one)');
      return null;
    }
    geometry = checkGeometry(rawGeometry, join(path, 'geometry'), report, walker);
    if (!geometry) return null;
  }
  const feature: Feature = { type: 'Feature', properties: (properties ?? null) as GeoJsonProperties, geometry: geometry as Geometry };
  if (id !== undefined) feature.id = id;
  return feature;
}

function checkGeometry(raw: unknown, path: string, report: IssueList, walker: CoordinateWalker): Geometry | null {
  if (!isPlainObject(raw)) {
    report.add(path, `a geometry must be an object or null; found ${describeValue(raw)}`);
    return null;
  }
  const envelope = geometryEnvelopeSchema.safeParse(raw);
  if (!envelope.success) {
    report.addZod(path, envelope.error);
    return null;
  }
  const { type, coordinates, geometries } = envelope.data;
  if (type === 'GeometryCollection') {
    if (!Array.isArray(geometries)) {
      report.add(join(path, 'geometries'), 'a GeometryCollection needs a "geometries" array');
      return null;
    }
    const members: Geometry[] = [];
    for (let i = 0; i < geometries.length; i++) {
      const member = checkGeometry(geometries[i], `${path}.geometries[${i}]`, report, walker);
      if (member) members.push(member);
    }
    return members.length === geometries.length ? { type, geometries: members } : null;
  }
  const coordinatesPath = join(path, 'coordinates');
  if (coordinates === undefined) {
    report.add(coordinatesPath, `a ${type} needs "coordinates"`);
    return null;
  }
  const before = report.count;
  walker.check(type, coordinates, coordinatesPath);
  return report.count === before ? ({ type, coordinates } as Geometry) : null;
}

/** Checks coordinate arrays by hand: a million positions through a schema library costs too much. */
class CoordinateWalker {
  positions = 0;
  overLimit = false;
  /** Positions inside the nearness window, and inside it with longitude and latitude swapped. */
  private nearWindow: LngLatBounds | null = null;
  nearCount = 0;
  swappedNearCount = 0;

  constructor(
    private readonly report: IssueList,
    private readonly maxPositions: number,
  ) {}

  /** Nearness is counted during the walk so that the document is traversed once. */
  watch(area: LngLatBounds): void {
    this.nearWindow = area;
  }

  check(type: Exclude<GeometryType, 'GeometryCollection'>, value: unknown, path: string): void {
    switch (type) {
      case 'Point':
        this.position(value, path);
        return;
      case 'MultiPoint':
        this.list(value, path, 0, (item, itemPath) => this.position(item, itemPath));
        return;
      case 'LineString':
        this.line(value, path);
        return;
      case 'MultiLineString':
        this.list(value, path, 0, (item, itemPath) => this.line(item, itemPath));
        return;
      case 'Polygon':
        this.polygon(value, path);
        return;
      case 'MultiPolygon':
        this.list(value, path, 0, (item, itemPath) => this.polygon(item, itemPath));
        return;
    }
  }

  private line(value: unknown, path: string): void {
    this.list(value, path, 2, (item, itemPath) => this.position(item, itemPath), 'a LineString needs at least 2 positions');
  }

  private polygon(value: unknown, path: string): void {
    this.list(value, path, 1, (ring, ringPath) => this.ring(ring, ringPath), 'a Polygon needs at least one linear ring');
  }

  private ring(value: unknown, path: string): void {
    const before = this.report.count;
    this.list(value, path, 4, (item, itemPath) => this.position(item, itemPath), 'a linear ring needs at least 4 positions');
    if (this.report.count !== before || !Array.isArray(value)) return;
    const first = value[0] as number[];
    const last = value[value.length - 1] as number[];
    if (first.length !== last.length || first.some((n, i) => n !== last[i])) {
      this.report.add(path, 'a linear ring must be closed: its last position must equal its first');
    }
  }

  private list(
    value: unknown,
    path: string,
    minLength: number,
    each: (item: unknown, itemPath: string) => void,
    tooShort = '',
  ): void {
    if (!Array.isArray(value)) {
      this.report.add(path, `expected an array; found ${describeValue(value)}`);
      return;
    }
    if (value.length < minLength) {
      this.report.add(path, tooShort);
      return;
    }
    for (let i = 0; i < value.length && !this.overLimit; i++) each(value[i], `${path}[${i}]`);
  }

  private position(value: unknown, path: string): void {
    if (++this.positions > this.maxPositions) {
      this.overLimit = true;
      return;
    }
    if (!Array.isArray(value) || value.length < 2 || value.length > 3) {
      this.report.add(path, `a position is [longitude, latitude] or [longitude, latitude, altitude]; found ${describeValue(value)}`);
      return;
    }
    for (const n of value) {
      if (typeof n !== 'number' || !Number.isFinite(n)) {
        this.report.add(path, `coordinates must be finite numbers; found ${describeValue(n)}`);
        return;
      }
    }
    const lon = value[0] as number;
    const lat = value[1] as number;
    if (Math.abs(lon) > 180 || Math.abs(lat) > 90) {
      this.report.add(path, outOfRangeMessage(lon, lat));
      return;
    }
    const area = this.nearWindow;
    if (area) {
      if (inside(area, lon, lat)) this.nearCount++;
      else if (inside(area, lat, lon)) this.swappedNearCount++;
    }
  }
}

function outOfRangeMessage(lon: number, lat: number): string {
  const base = Math.abs(lon) > 180 ? `longitude ${lon} is outside −180…180` : `latitude ${lat} is outside −90…90`;
  if (Math.abs(lon) > 1000 || Math.abs(lat) > 1000) {
    return `${base}; the file looks projected (metres, e.g. VN-2000 or UTM): export it as WGS84 longitude/latitude (EPSG:4326)`;
  }
  if (Math.abs(lat) > 90 && Math.abs(lon) <= 90) return `${base}; are longitude and latitude swapped? GeoJSON puts longitude first`;
  return base;
}

function nearnessWarnings(walker: CoordinateWalker, bounds: LngLatBounds, marginDeg: number): string[] {
  if (walker.positions === 0 || walker.nearCount > 0) return [];
  const km = Math.round(marginDeg * 111);
  if (walker.swappedNearCount > 0) {
    return [`nothing lies within ~${km} km of the city, but it would with longitude and latitude swapped: GeoJSON puts longitude first`];
  }
  return [`nothing lies within ~${km} km of the city (${bounds.join(', ')}); check that the file covers this city and uses WGS84 longitude/latitude`];
}

function expand(b: LngLatBounds, margin: number): LngLatBounds {
  return [b[0] - margin, b[1] - margin, b[2] + margin, b[3] + margin];
}

function inside(b: LngLatBounds, lon: number, lat: number): boolean {
  return lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3];
}

/** Collects the first `max` issues and counts the rest. */
class IssueList {
  readonly listed: GeoJsonIssue[] = [];
  count = 0;

  constructor(private readonly max: number) {}

  add(path: string, message: string): void {
    this.count++;
    if (this.listed.length < this.max) this.listed.push({ path, message });
  }

  addZod(base: string, error: z.ZodError): void {
    for (const issue of error.issues) {
      const path = issue.path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : join(acc, String(key))), base);
      this.add(path, issue.message);
    }
  }

  failure(): GeoJsonParseResult {
    return { ok: false, errors: this.listed, errorCount: this.count };
  }
}

/**
 * Offset of the first bracket that opens deeper than `maxDepth`, or null. Checked on the text
 * before JSON.parse so that a hostile file is refused before anything walks it.
 */
function findExcessNesting(text: string, maxDepth: number): number | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b || code === 0x7b) {
      if (++depth > maxDepth) return i;
    } else if (code === 0x5d || code === 0x7d) {
      depth--;
    }
  }
  return null;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      // A surrogate pair is one 4-byte code point.
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function join(base: string, key: string): string {
  return base === '' ? key : `${base}.${key}`;
}

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function definedOnly(options: GeoJsonParseOptions): Partial<GeoJsonLimits> {
  const limits: Partial<GeoJsonLimits> = {};
  for (const key of Object.keys(defaultGeoJsonLimits) as (keyof GeoJsonLimits)[]) {
    const value = options[key];
    if (value !== undefined) limits[key] = value;
  }
  return limits;
}
