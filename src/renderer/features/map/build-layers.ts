import type { Layer } from '@deck.gl/core';
import { GeoJsonLayer, ScatterplotLayer, SolidPolygonLayer, TextLayer } from '@deck.gl/layers';
import type { Feature, Point } from 'geojson';
import type { MethodResult } from '../../../shared/contract';
import type { BasemapSource, UserLayer } from '../../../shared/contract/methods/city';
import type { Camera, CityAssets, FloodGauge, Intersection, IocSite, Lamp, LightingCabinet, Ward } from '../../../shared/domain/city';
import { viewCone } from './geometry';
import { basemapGroupOfTileLayer, userLayerKey, type LayerKey } from './layer-catalog';
import type { MapObject } from './map-objects';
import { palette, roadStyle, userLayerColour, vectorFeatureStyle, wardFill, type Rgba } from './map-style';
import { RpcMVTLayer } from './rpc-mvt-layer';
import type { FetchTile } from './tile-source';

export type BuiltinBasemap = MethodResult<'city.basemap'>;

export interface MapLayerInput {
  /** The built-in basemap (GeoJSON), drawn while no basemap file is open. */
  basemap: BuiltinBasemap | null;
  basemapSource: BasemapSource | null;
  /** Changes whenever another basemap file is opened. */
  basemapVersion: number;
  fetchTile: FetchTile | null;
  wards: readonly Ward[];
  assets: CityAssets | null;
  userLayers: readonly UserLayer[];
  isVisible: (key: LayerKey) => boolean;
  selected: MapObject | null;
}

/** Labels must show Vietnamese diacritics: the glyph atlas is built from the text itself. */
export const LABEL_FONT = '"Noto Sans", "DejaVu Sans", sans-serif';
const labelProps = {
  characterSet: 'auto' as const,
  fontFamily: LABEL_FONT,
  fontSettings: { sdf: true, fontSize: 48, buffer: 6 },
  outlineWidth: 3,
  outlineColor: palette.labelHalo,
  getColor: palette.label,
  sizeUnits: 'pixels' as const,
};

export const TILED_BASEMAP_ID = 'basemap-tiles';

/** Every deck layer of the map, bottom to top, from the data and the toggles. */
export function buildMapLayers(input: MapLayerInput): Layer[] {
  const tiled = input.basemapSource && input.basemapSource.kind !== 'builtin' && input.fetchTile;
  return [
    ...(tiled ? [tiledBasemapLayer(input)] : builtinBasemapLayers(input)),
    ...input.userLayers.map((layer, i) => userGeoJsonLayer(layer, i, input.isVisible(userLayerKey(layer.id)))),
    ...assetLayers(input),
    ...labelLayers(input, Boolean(tiled)),
    ...selectionLayers(input.selected),
  ];
}

function features(collection: { features: unknown[] } | undefined): Feature[] {
  return (collection?.features ?? []) as Feature[];
}

function builtinBasemapLayers({ basemap, isVisible }: MapLayerInput): Layer[] {
  if (!basemap) return [];
  return [
    new GeoJsonLayer({
      id: 'wards',
      data: features(basemap.wards),
      visible: isVisible('wards'),
      pickable: true,
      filled: true,
      stroked: true,
      getFillColor: (_f: Feature, { index }: { index: number }) => wardFill(index),
      getLineColor: palette.wardLine,
      getLineWidth: 1.5,
      lineWidthUnits: 'pixels',
    }),
    new GeoJsonLayer({
      id: 'water',
      data: features(basemap.water),
      visible: isVisible('water'),
      pickable: true,
      filled: true,
      stroked: true,
      getFillColor: palette.water,
      getLineColor: palette.waterLine,
      getLineWidth: 1,
      lineWidthUnits: 'pixels',
    }),
    new GeoJsonLayer({
      id: 'roads',
      data: features(basemap.roads),
      visible: isVisible('roads'),
      pickable: true,
      getLineColor: (f: Feature) => roadStyle(f.properties?.class).colour,
      getLineWidth: (f: Feature) => roadStyle(f.properties?.class).width,
      lineWidthUnits: 'pixels',
      lineCapRounded: true,
      lineJointRounded: true,
    }),
    new GeoJsonLayer({
      id: 'landmarks',
      data: features(basemap.landmarks),
      visible: isVisible('landmarks'),
      pickable: true,
      pointType: 'circle',
      getFillColor: palette.landmark,
      getLineColor: palette.outline,
      getPointRadius: 4,
      pointRadiusUnits: 'pixels',
      getLineWidth: 1,
      lineWidthUnits: 'pixels',
    }),
  ];
}

function tiledBasemapLayer({ fetchTile, basemapSource, basemapVersion, isVisible }: MapLayerInput): Layer {
  const groups = (['wards', 'roads', 'water', 'landmarks'] as const).filter((g) => isVisible(g));
  const layerNameOf = (f: Feature) => String(f.properties?.layerName ?? '');
  const style = (f: Feature) => {
    const layerName = layerNameOf(f);
    return vectorFeatureStyle(basemapGroupOfTileLayer(layerName), f.properties ?? {}, layerName);
  };
  return new RpcMVTLayer({
    id: TILED_BASEMAP_ID,
    data: RpcMVTLayer.dataFor(basemapVersion),
    fetchTile,
    binary: false,
    minZoom: basemapSource?.minZoom ?? 0,
    maxZoom: basemapSource?.maxZoom ?? 16,
    pickable: true,
    filled: true,
    stroked: true,
    pointType: 'circle',
    getFillColor: (f: Feature) => style(f).fill,
    getLineColor: (f: Feature) => style(f).line,
    getLineWidth: (f: Feature) => style(f).lineWidth,
    lineWidthUnits: 'pixels',
    getPointRadius: (f: Feature) => style(f).pointRadius,
    pointRadiusUnits: 'pixels',
    // Per tile: the four basemap toggles filter features by their tile layer, and landmark names
    // get their own TextLayer, without MVTLayer's ClipExtension: text under that extension froze
    // the page on the first pick in Chromium (deck.gl 9.4, SwiftShader). A point lies in one tile
    // (or exactly on top of itself in the buffer of a neighbour), so there is nothing to clip.
    renderSubLayers: (props: Record<string, unknown> & { id: string; data: unknown }) => {
      const all = Array.isArray(props.data) ? (props.data as Feature[]) : [];
      const shown = all.filter((f) => {
        const group = basemapGroupOfTileLayer(layerNameOf(f));
        return group === null || groups.includes(group);
      });
      const names = shown.filter(
        (f): f is Feature<Point> =>
          f.geometry?.type === 'Point' && basemapGroupOfTileLayer(layerNameOf(f)) === 'landmarks' && typeof f.properties?.name === 'string',
      );
      return [
        new GeoJsonLayer({ ...(props as object), data: shown } as ConstructorParameters<typeof GeoJsonLayer>[0]),
        names.length > 0 &&
          new TextLayer<Feature<Point>>({
            id: `${props.id}:labels`,
            data: names,
            pickable: false,
            // Tile-local coordinates: the same frame MVTLayer gives the GeoJSON sublayer.
            modelMatrix: props.modelMatrix as never,
            coordinateOrigin: props.coordinateOrigin as never,
            coordinateSystem: props.coordinateSystem as never,
            getPosition: (f) => f.geometry.coordinates as [number, number],
            getText: (f) => String(f.properties?.name),
            getSize: 12,
            getPixelOffset: [0, -14],
            ...labelProps,
          }),
      ];
    },
    updateTriggers: { renderSubLayers: groups.join(',') },
  } as ConstructorParameters<typeof RpcMVTLayer>[0]);
}

function userGeoJsonLayer(layer: UserLayer, index: number, visible: boolean): Layer {
  const colour = userLayerColour(index);
  return new GeoJsonLayer({
    id: userLayerKey(layer.id),
    data: features(layer.data),
    visible,
    pickable: true,
    filled: true,
    stroked: true,
    pointType: 'circle',
    getFillColor: [colour[0], colour[1], colour[2], 70],
    getLineColor: colour,
    getLineWidth: 2,
    lineWidthUnits: 'pixels',
    getPointRadius: 5,
    pointRadiusUnits: 'pixels',
  });
}

function points<T extends { position: [number, number] }>(
  id: LayerKey,
  data: readonly T[],
  visible: boolean,
  style: { fill: Rgba | ((d: T) => Rgba); radius: number | ((d: T) => number); lineWidth?: number | ((d: T) => number); line?: Rgba },
): Layer {
  return new ScatterplotLayer<T>({
    id,
    data: data as T[],
    visible,
    pickable: true,
    stroked: true,
    getPosition: (d) => d.position,
    getFillColor: style.fill,
    getLineColor: style.line ?? palette.outline,
    getRadius: style.radius,
    radiusUnits: 'pixels',
    getLineWidth: style.lineWidth ?? 1.5,
    lineWidthUnits: 'pixels',
  });
}

function assetLayers({ assets, isVisible }: MapLayerInput): Layer[] {
  if (!assets) return [];
  const cameras = isVisible('cameras');
  return [
    new ScatterplotLayer<Lamp>({
      id: 'lamps',
      data: assets.lamps,
      visible: isVisible('lamps'),
      pickable: true,
      getPosition: (d) => d.position,
      getFillColor: palette.lamp,
      getRadius: 3,
      radiusUnits: 'meters',
      radiusMinPixels: 1.5,
      radiusMaxPixels: 5,
    }),
    points<LightingCabinet>('lighting', assets.lightingCabinets, isVisible('lighting'), { fill: palette.cabinet, radius: 6 }),
    points<Intersection>('intersections', assets.intersections, isVisible('intersections'), { fill: palette.intersection, radius: 6 }),
    points<FloodGauge>('floodGauges', assets.floodGauges, isVisible('floodGauges'), {
      fill: palette.floodGauge,
      radius: 7,
      lineWidth: (g) => (g.hasSiren ? 3 : 1.5),
      line: [220, 235, 255, 255],
    }),
    // The heading cue: each camera's field of view as a faint cone, AI cameras brighter.
    new SolidPolygonLayer<Camera>({
      id: 'cameras:heading',
      data: assets.cameras,
      visible: cameras,
      pickable: false,
      getPolygon: (c) => viewCone(c.position, c.heading),
      getFillColor: (c) => (c.kind === 'ai' ? palette.cameraCone : palette.cameraConeStandard),
    }),
    points<Camera>('cameras', assets.cameras, cameras, {
      fill: (c) => (c.kind === 'ai' ? palette.cameraAi : palette.cameraStandard),
      radius: (c) => (c.kind === 'ai' ? 7 : 5),
      lineWidth: (c) => (c.kind === 'ai' ? 2.5 : 1),
      line: [240, 250, 255, 255],
    }),
    points<IocSite>('ioc', [assets.ioc], isVisible('ioc'), { fill: palette.ioc, radius: 10, lineWidth: 3, line: [255, 255, 255, 255] }),
  ];
}

function labelLayers({ wards, basemap, assets, isVisible }: MapLayerInput, tiled: boolean): Layer[] {
  const landmarks = tiled ? [] : features(basemap?.landmarks).filter((f): f is Feature<Point> => f.geometry?.type === 'Point');
  return [
    new TextLayer<Ward>({
      id: 'wards:labels',
      data: wards as Ward[],
      visible: isVisible('wards'),
      getPosition: (w) => w.center,
      getText: (w) => w.name,
      getSize: 15,
      ...labelProps,
      getColor: [200, 215, 240, 230],
    }),
    new TextLayer<Feature<Point>>({
      id: 'landmarks:labels',
      data: landmarks,
      visible: isVisible('landmarks'),
      getPosition: (f) => f.geometry.coordinates as [number, number],
      getText: (f) => String(f.properties?.name ?? ''),
      getSize: 12,
      getPixelOffset: [0, -14],
      ...labelProps,
    }),
    new TextLayer<IocSite>({
      id: 'ioc:labels',
      data: assets ? [assets.ioc] : [],
      visible: isVisible('ioc'),
      getPosition: (d) => d.position,
      getText: () => 'IOC',
      getSize: 13,
      getPixelOffset: [0, -20],
      ...labelProps,
      getColor: [255, 200, 200, 255],
    }),
  ];
}

function selectionLayers(selected: MapObject | null): Layer[] {
  if (!selected) return [];
  return [
    new ScatterplotLayer<MapObject>({
      id: 'selection',
      data: [selected],
      pickable: false,
      stroked: true,
      filled: false,
      getPosition: (d) => d.position,
      getRadius: 16,
      radiusUnits: 'pixels',
      getLineColor: palette.selection,
      getLineWidth: 3,
      lineWidthUnits: 'pixels',
    }),
  ];
}
