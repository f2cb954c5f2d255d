import type { Feature, LineString, Position } from 'geojson';
import type { LngLat, SearchHit } from '../../../shared/domain/city';
import { foldedKey, foldedWords } from '../../../shared/text/fold';
import type { CityBundle } from './city-bundle';
import { geometryContains } from './geometry';

interface Entry {
  hit: SearchHit;
  key: string;
  idKey: string;
  nameWords: string[];
  /** Name, id and secondary text (an address, a road number): matched last. */
  allWords: string[];
  kindRank: number;
}

/** When two things match equally well, places come before the devices in them. */
const kindOrder: SearchHit['kind'][] = ['ward', 'street', 'landmark', 'ioc', 'intersection', 'camera', 'floodGauge', 'lightingCabinet'];

/** How well an entry matches; lower is better. */
const Match = { Exact: 0, NamePrefix: 1, NameWordPrefixes: 2, AnyWordPrefixes: 3, Substring: 4 } as const;
type Match = (typeof Match)[keyof typeof Match];

/**
 * Finds wards, streets, landmarks and assets by name or id, without caring about case or
 * Vietnamese diacritics: "dong ha", "hung vuong", "phuong 1" and "cam-ai-03" all work.
 * A few hundred entries: a linear scan answers in microseconds.
 */
export class SearchIndex {
  private readonly entries: Entry[];

  constructor(bundle: CityBundle) {
    this.entries = buildHits(bundle).map(({ hit, extra }) => {
      const nameWords = foldedWords(hit.name);
      return {
        hit,
        key: foldedKey(hit.name),
        idKey: foldedKey(hit.id),
        nameWords,
        allWords: [...nameWords, ...foldedWords(hit.id), ...extra.flatMap(foldedWords)],
        kindRank: kindOrder.indexOf(hit.kind),
      };
    });
  }

  get size(): number {
    return this.entries.length;
  }

  search(query: string, limit: number): SearchHit[] {
    const key = foldedKey(query);
    const words = key.split(' ').filter(Boolean);
    if (words.length === 0 || limit <= 0) return [];
    const scored: { entry: Entry; match: Match }[] = [];
    for (const entry of this.entries) {
      const match = rate(entry, key, words);
      if (match !== null) scored.push({ entry, match });
    }
    scored.sort(
      (a, b) =>
        a.match - b.match ||
        a.entry.kindRank - b.entry.kindRank ||
        a.entry.key.length - b.entry.key.length ||
        a.entry.key.localeCompare(b.entry.key) ||
        a.entry.hit.id.localeCompare(b.entry.hit.id),
    );
    return scored.slice(0, limit).map((s) => s.entry.hit);
  }
}

function rate(entry: Entry, key: string, words: string[]): Match | null {
  if (entry.key === key || entry.idKey === key) return Match.Exact;
  if (entry.key.startsWith(key) || entry.idKey.startsWith(key)) return Match.NamePrefix;
  if (everyWordStartsOne(words, entry.nameWords)) return Match.NameWordPrefixes;
  if (everyWordStartsOne(words, entry.allWords)) return Match.AnyWordPrefixes;
  if (entry.key.includes(key) || entry.idKey.includes(key)) return Match.Substring;
  return null;
}

function everyWordStartsOne(queryWords: string[], words: string[]): boolean {
  return queryWords.every((q) => words.some((w) => w.startsWith(q)));
}

function buildHits(bundle: CityBundle): { hit: SearchHit; extra: string[] }[] {
  const { overview, assets, basemap } = bundle;
  const wardOf = (position: LngLat): string | undefined =>
    basemap.wards.features.find((w) => geometryContains(w.geometry, position[0], position[1]))?.properties?.id as string | undefined;
  const hits: { hit: SearchHit; extra: string[] }[] = [];
  const add = (hit: SearchHit, ...extra: string[]) => hits.push({ hit: withoutUndefined(hit), extra });

  for (const ward of overview.wards) add({ kind: 'ward', id: ward.id, name: ward.name, position: ward.center });

  for (const [name, features] of groupStreets(basemap.roads.features)) {
    const position = streetMidpoint(features);
    const props = features[0]!.properties ?? {};
    add({ kind: 'street', id: String(props.id ?? name), name, position, wardId: wardOf(position) }, String(props.ref ?? ''));
  }

  for (const feature of basemap.landmarks.features) {
    const props = feature.properties as { id: string; name: string; wardId: string };
    if (feature.geometry?.type !== 'Point') continue;
    add({ kind: 'landmark', id: props.id, name: props.name, position: toLngLat(feature.geometry.coordinates), wardId: props.wardId });
  }

  add({ kind: 'ioc', id: assets.ioc.id, name: assets.ioc.name, position: assets.ioc.position, wardId: wardOf(assets.ioc.position) }, assets.ioc.address);
  for (const i of assets.intersections) add({ kind: 'intersection', id: i.id, name: i.name, position: i.position, wardId: i.wardId });
  for (const c of assets.cameras) add({ kind: 'camera', id: c.id, name: c.name, position: c.position, wardId: c.wardId }, c.address);
  for (const g of assets.floodGauges) add({ kind: 'floodGauge', id: g.id, name: g.name, position: g.position, wardId: g.wardId });
  for (const c of assets.lightingCabinets) add({ kind: 'lightingCabinet', id: c.id, name: c.name, position: c.position, wardId: c.wardId }, c.street);
  return hits;
}

/** A street drawn as several features is one search result. */
function groupStreets(features: Feature[]): Map<string, Feature<LineString>[]> {
  const streets = new Map<string, Feature<LineString>[]>();
  for (const feature of features) {
    const name = feature.properties?.name;
    if (typeof name !== 'string') continue;
    const lines: Feature<LineString>[] =
      feature.geometry?.type === 'LineString'
        ? [feature as Feature<LineString>]
        : feature.geometry?.type === 'MultiLineString'
          ? feature.geometry.coordinates.map((coordinates) => ({ ...feature, geometry: { type: 'LineString', coordinates } }))
          : [];
    streets.set(name, [...(streets.get(name) ?? []), ...lines]);
  }
  return streets;
}

/** Halfway along the longest piece: a point on the street, where the map should fly to. */
function streetMidpoint(features: Feature<LineString>[]): LngLat {
  let best: Position[] = [];
  let bestLength = -1;
  for (const f of features) {
    const length = planarLength(f.geometry.coordinates);
    if (length > bestLength) {
      best = f.geometry.coordinates;
      bestLength = length;
    }
  }
  let left = bestLength / 2;
  for (let i = 1; i < best.length; i++) {
    const a = best[i - 1]!;
    const b = best[i]!;
    const d = Math.hypot(b[0]! - a[0]!, b[1]! - a[1]!);
    if (left <= d && d > 0) return toLngLat([a[0]! + ((b[0]! - a[0]!) * left) / d, a[1]! + ((b[1]! - a[1]!) * left) / d]);
    left -= d;
  }
  return toLngLat(best[0] ?? [0, 0]);
}

function planarLength(line: Position[]): number {
  let total = 0;
  for (let i = 1; i < line.length; i++) total += Math.hypot(line[i]![0]! - line[i - 1]![0]!, line[i]![1]! - line[i - 1]![1]!);
  return total;
}

function toLngLat(position: Position): LngLat {
  return [position[0]!, position[1]!];
}

function withoutUndefined(hit: SearchHit): SearchHit {
  if (hit.wardId !== undefined) return hit;
  const { wardId: _omit, ...rest } = hit;
  return rest;
}
