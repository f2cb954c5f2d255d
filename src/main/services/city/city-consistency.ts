import type { Feature } from 'geojson';
import type { CityBundle } from './city-bundle';
import { geometryContains } from './geometry';

export interface CityProblem {
  file: string;
  message: string;
}

/**
 * Cross-file checks the schemas cannot express: ids unique, references resolvable, and every
 * asset inside the ward polygon it names, so "cameras of Phường 1" means what the map shows.
 */
export function findCityProblems(bundle: CityBundle): CityProblem[] {
  const problems: CityProblem[] = [];
  const report = (file: string, message: string) => problems.push({ file, message });
  const { overview, assets, basemap } = bundle;

  const wardPolygons = new Map<string, Feature>();
  for (const feature of basemap.wards.features) {
    const id = String(feature.properties?.id);
    if (wardPolygons.has(id)) report('wards.geojson', `ward id "${id}" appears twice`);
    wardPolygons.set(id, feature);
  }
  const listedWards = new Set(overview.wards.map((w) => w.id));
  if (listedWards.size !== overview.wards.length) report('city.json', 'ward ids are not unique');
  for (const id of listedWards) if (!wardPolygons.has(id)) report('wards.geojson', `no polygon for ward "${id}" listed in city.json`);
  for (const id of wardPolygons.keys()) if (!listedWards.has(id)) report('city.json', `ward "${id}" has a polygon but is not listed`);

  const seen = new Set<string>();
  const unique = (kind: string, id: string) => {
    if (seen.has(id)) report('assets.json', `${kind} id "${id}" is used twice`);
    seen.add(id);
  };

  const inWard = (file: string, what: string, wardId: string, [lon, lat]: readonly number[]) => {
    const ward = wardPolygons.get(wardId);
    if (!ward) return report(file, `${what}: unknown ward "${wardId}"`);
    if (!geometryContains(ward.geometry, lon!, lat!)) {
      const actual = [...wardPolygons].find(([, f]) => geometryContains(f.geometry, lon!, lat!))?.[0];
      report(file, `${what} at ${lon}, ${lat} is not inside ward "${wardId}"${actual ? ` (it lies in "${actual}")` : ' (it lies outside the city)'}`);
    }
  };

  for (const camera of assets.cameras) {
    unique('camera', camera.id);
    inWard('assets.json', `camera ${camera.id}`, camera.wardId, camera.position);
  }
  for (const intersection of assets.intersections) {
    unique('intersection', intersection.id);
    inWard('assets.json', `intersection ${intersection.id}`, intersection.wardId, intersection.position);
  }
  for (const cabinet of assets.lightingCabinets) {
    unique('lighting cabinet', cabinet.id);
    inWard('assets.json', `lighting cabinet ${cabinet.id}`, cabinet.wardId, cabinet.position);
  }
  for (const gauge of assets.floodGauges) {
    unique('flood gauge', gauge.id);
    inWard('assets.json', `flood gauge ${gauge.id}`, gauge.wardId, gauge.position);
    const [one, two, three] = gauge.thresholdsM;
    if (!(one < two && two < three)) report('assets.json', `flood gauge ${gauge.id}: warning levels must increase (${gauge.thresholdsM.join(' / ')})`);
  }
  const cabinetIds = new Set(assets.lightingCabinets.map((c) => c.id));
  for (const lamp of assets.lamps) {
    unique('lamp', lamp.id);
    if (!cabinetIds.has(lamp.cabinetId)) report('assets.json', `lamp ${lamp.id}: unknown cabinet "${lamp.cabinetId}"`);
  }
  unique('IOC', assets.ioc.id);
  if (![...wardPolygons.values()].some((w) => geometryContains(w.geometry, assets.ioc.position[0], assets.ioc.position[1]))) {
    report('assets.json', 'the IOC lies outside every ward');
  }

  const intersections = new Map(assets.intersections.map((i) => [i.id, i]));
  const routeIds = new Set<string>();
  for (const route of assets.routes) {
    unique('route', route.id);
    routeIds.add(route.id);
    for (const id of route.intersectionIds) {
      const intersection = intersections.get(id);
      if (!intersection) report('assets.json', `route ${route.id}: unknown intersection "${id}"`);
      else if (!intersection.routeIds.includes(route.id)) report('assets.json', `intersection ${id} does not list route ${route.id}, which lists it`);
    }
  }
  for (const intersection of assets.intersections) {
    for (const routeId of intersection.routeIds) {
      if (!routeIds.has(routeId)) report('assets.json', `intersection ${intersection.id}: unknown route "${routeId}"`);
      else if (!assets.routes.find((r) => r.id === routeId)?.intersectionIds.includes(intersection.id)) {
        report('assets.json', `route ${routeId} does not list intersection ${intersection.id}, which lists it`);
      }
    }
  }

  for (const landmark of basemap.landmarks.features) {
    const props = landmark.properties as { id: string; wardId: string };
    const position = landmark.geometry?.type === 'Point' ? landmark.geometry.coordinates : [];
    inWard('landmarks.geojson', `landmark ${props.id}`, props.wardId, position);
  }
  return problems;
}
