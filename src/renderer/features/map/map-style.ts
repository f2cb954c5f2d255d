import type { BasemapLayerId } from './layer-catalog';

/** RGBA, 0–255, as deck.gl takes colours. */
export type Rgba = [number, number, number, number];

/**
 * The dark control-room palette: a near-black ground so that live assets (cameras, gauges,
 * alarms) carry the colour, and the basemap stays quiet underneath.
 */
export const palette = {
  background: [11, 18, 32, 255] as Rgba,
  wardFill: [30, 46, 74, 110] as Rgba,
  wardFillAlt: [38, 56, 86, 110] as Rgba,
  wardLine: [110, 140, 190, 200] as Rgba,
  water: [26, 92, 150, 220] as Rgba,
  waterLine: [60, 140, 210, 255] as Rgba,
  road: {
    primary: [242, 170, 76, 255] as Rgba,
    secondary: [214, 196, 140, 235] as Rgba,
    tertiary: [150, 160, 178, 220] as Rgba,
    rail: [170, 120, 200, 230] as Rgba,
    other: [120, 130, 150, 200] as Rgba,
  },
  building: [60, 66, 82, 200] as Rgba,
  landmark: [235, 235, 245, 255] as Rgba,
  label: [230, 237, 243, 255] as Rgba,
  labelHalo: [11, 18, 32, 230] as Rgba,
  cameraAi: [63, 222, 255, 255] as Rgba,
  cameraStandard: [170, 184, 204, 255] as Rgba,
  cameraCone: [63, 222, 255, 55] as Rgba,
  cameraConeStandard: [170, 184, 204, 40] as Rgba,
  intersection: [60, 207, 122, 255] as Rgba,
  cabinet: [245, 184, 61, 255] as Rgba,
  lamp: [255, 226, 140, 230] as Rgba,
  floodGauge: [77, 148, 255, 255] as Rgba,
  ioc: [255, 92, 92, 255] as Rgba,
  outline: [11, 18, 32, 255] as Rgba,
  selection: [255, 216, 77, 255] as Rgba,
} as const;

/** Imported layers cycle through colours that stay apart from the assets' own. */
const userColours: Rgba[] = [
  [255, 120, 200, 255],
  [140, 255, 170, 255],
  [255, 160, 90, 255],
  [180, 150, 255, 255],
  [120, 230, 230, 255],
];

export function userLayerColour(index: number): Rgba {
  return userColours[((index % userColours.length) + userColours.length) % userColours.length]!;
}

export function withAlpha([r, g, b]: Rgba, alpha: number): Rgba {
  return [r, g, b, alpha];
}

export interface RoadStyle {
  colour: Rgba;
  /** Pixels at the default zoom; deck scales within min/max pixel bounds. */
  width: number;
}

export function roadStyle(roadClass: unknown): RoadStyle {
  switch (roadClass) {
    case 'primary':
    case 'trunk':
    case 'motorway':
      return { colour: palette.road.primary, width: 5 };
    case 'secondary':
      return { colour: palette.road.secondary, width: 3.5 };
    case 'tertiary':
      return { colour: palette.road.tertiary, width: 2.5 };
    case 'rail':
      return { colour: palette.road.rail, width: 2 };
    default:
      return { colour: palette.road.other, width: 1.5 };
  }
}

/** Neighbouring wards alternate between two fills so their shared borders read at a glance. */
export function wardFill(index: number): Rgba {
  return index % 2 === 0 ? palette.wardFill : palette.wardFillAlt;
}

export interface VectorFeatureStyle {
  fill: Rgba;
  line: Rgba;
  lineWidth: number;
  pointRadius: number;
}

/** How one feature of a tiled basemap is drawn, from its basemap group and its own class. */
export function vectorFeatureStyle(group: BasemapLayerId | null, properties: Record<string, unknown>, layerName: string): VectorFeatureStyle {
  switch (group) {
    case 'wards':
      return { fill: palette.wardFill, line: palette.wardLine, lineWidth: 1.5, pointRadius: 0 };
    case 'water':
      return { fill: palette.water, line: palette.waterLine, lineWidth: 1, pointRadius: 0 };
    case 'roads': {
      const { colour, width } = roadStyle(properties.class);
      return { fill: [0, 0, 0, 0], line: colour, lineWidth: width, pointRadius: 0 };
    }
    case 'landmarks':
      return { fill: palette.landmark, line: palette.outline, lineWidth: 1, pointRadius: 4 };
    default:
      if (/building/i.test(layerName)) return { fill: palette.building, line: palette.building, lineWidth: 0.5, pointRadius: 0 };
      if (/landuse|landcover|park/i.test(layerName)) return { fill: [34, 60, 52, 120], line: [0, 0, 0, 0], lineWidth: 0, pointRadius: 0 };
      return { fill: [60, 70, 90, 90], line: [90, 100, 120, 160], lineWidth: 1, pointRadius: 2 };
  }
}
