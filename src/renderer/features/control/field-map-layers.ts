import { ScatterplotLayer } from '@deck.gl/layers';
import type { CityAssets } from '../../../shared/domain/city';
import type { FieldSnapshot } from '../../../shared/domain/field';
import type { SignalInterval } from '../../../shared/domain/field-signals';

/**
 * Live field state as deck.gl layers for the map: each intersection coloured by the interval
 * its main phase shows now, each gauge by its warning level, each cabinet by its level; a
 * controller that went silent is drawn grey. The map feature adds these beside its own layers.
 * Ids follow the map's `<layer key>:<part>` convention, so the layer toggles hide them and a
 * pick resolves to the same details as the static city layer underneath.
 */
type Rgba = [number, number, number, number];
const OFFLINE: Rgba = [110, 120, 140, 200];
const intervalColour: Record<SignalInterval, Rgba> = {
  green: [60, 207, 122, 255],
  yellow: [245, 184, 61, 255],
  allRed: [255, 92, 92, 255],
  flashingYellow: [245, 184, 61, 160],
  dark: [40, 48, 64, 255],
};
const warningColour: Rgba[] = [[63, 167, 255, 230], [201, 162, 39, 255], [224, 122, 31, 255], [255, 60, 60, 255]];

export function fieldMapLayers(snapshot: FieldSnapshot, assets: Pick<CityAssets, 'intersections' | 'floodGauges' | 'lightingCabinets'>) {
  const online = new Set(snapshot.controllers.filter((c) => c.online).map((c) => c.id));
  const signals = new Map(snapshot.signals.map((s) => [s.id, s.state]));
  const gauges = new Map(snapshot.flood.map((g) => [g.id, g.state]));
  const cabinets = new Map(snapshot.lighting.map((c) => [c.id, c.state]));
  return [
    new ScatterplotLayer({
      id: 'intersections:live',
      data: assets.intersections,
      getPosition: (d) => d.position,
      getRadius: 28,
      radiusMinPixels: 5,
      getFillColor: (d) => {
        const s = signals.get(d.id);
        if (!s || !online.has(d.id)) return OFFLINE;
        // The main street's phase is phase 0: green there means the route flows.
        return s.phaseIndex === 0 ? intervalColour[s.interval] : s.interval === 'green' ? intervalColour.allRed : intervalColour[s.interval];
      },
      stroked: true,
      getLineColor: [10, 16, 30, 255],
      lineWidthMinPixels: 1,
      pickable: true,
      updateTriggers: { getFillColor: [snapshot.signals, snapshot.controllers] },
    }),
    new ScatterplotLayer({
      id: 'floodGauges:live',
      data: assets.floodGauges,
      getPosition: (d) => d.position,
      getRadius: 40,
      radiusMinPixels: 6,
      getFillColor: (d) => (online.has(d.id) ? (warningColour[gauges.get(d.id)?.level ?? 0] ?? OFFLINE) : OFFLINE),
      pickable: true,
      updateTriggers: { getFillColor: [snapshot.flood, snapshot.controllers] },
    }),
    new ScatterplotLayer({
      id: 'lighting:live',
      data: assets.lightingCabinets,
      getPosition: (d) => d.position,
      getRadius: 24,
      radiusMinPixels: 4,
      getFillColor: (d) => {
        const c = cabinets.get(d.id);
        if (!c || !online.has(d.id)) return OFFLINE;
        const v = Math.round(80 + 1.7 * c.dimPct);
        return [v, v, 60, 255];
      },
      pickable: true,
      updateTriggers: { getFillColor: [snapshot.lighting, snapshot.controllers] },
    }),
  ];
}
