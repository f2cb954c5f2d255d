import type { MapViewState as DeckMapViewState, PickingInfo } from '@deck.gl/core';
import { DeckGL } from '@deck.gl/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useT } from '../../i18n';
import { useCity } from '../city/city-store';
import { useField } from '../control/field-store';
import { setCameraDrag } from '../video/camera-drag';
import { useVision } from '../vision/vision-store';
import { buildMapLayers } from './build-layers';
import { markFirstMapFrame } from './first-frame-mark';
import { liveMapLayers, withLiveLayers } from './live-layers';
import { useMapStore, type MapViewState } from './map-store';
import { pickedMapObject } from './pick';
import type { LayerKey } from './layer-catalog';
import { fetchBasemapTile } from './use-map-data';
import { applyKeyAction, centreOn, clampZoom, fitBoundsView, MAX_ZOOM, MIN_ZOOM, mapKeyAction } from './view-state';

const controller = { keyboard: false, dragRotate: false, touchRotate: false, doubleClickZoom: true } as const;

export interface MapCanvasProps {
  /** Only these layers, whatever the layer panel says (the video page's camera map). */
  only?: ReadonlySet<LayerKey>;
  /**
   * Live controller state and crowd counts over the city points (default). The video page's
   * camera map leaves them out: it is there to find and drag cameras, and every update would
   * redraw its canvas beside a grid of playing tiles (on a station without GPU compositing, each
   * redraw is also read back from the GPU process: ~90 ms of blocked main thread, measured).
   */
  live?: boolean;
  testId?: string;
}

/**
 * The deck.gl canvas: layers from the store, picking into the store, keys for zoom and pan.
 * A camera under the pointer can be dragged onto a video tile, in this window or another.
 */
export function MapCanvas({ only, live = true, testId = 'map-canvas' }: MapCanvasProps = {}) {
  const t = useT();
  const overview = useCity((s) => s.overview);
  const assets = useCity((s) => s.assets);
  const { basemap, basemapSource, basemapVersion, userLayers, hidden, selected, view } = useMapStore(
    useShallow((s) => ({
      basemap: s.basemap,
      basemapSource: s.basemapSource,
      basemapVersion: s.basemapVersion,
      userLayers: s.userLayers,
      hidden: s.hidden,
      selected: s.selected,
      view: s.view,
    })),
  );
  // Without live layers the canvas doesn't even re-render on their updates.
  const fieldSnapshot = useField((s) => (live ? s.snapshot : null));
  const visionCounts = useVision((s) => (live ? s.counts : null));
  const { setView, setSize, setHovered, select, moveTo } = useMapStore.getState();
  // Live controller state paints over the static city points; the map asks for it once.
  useEffect(() => {
    if (!live) return;
    void useField.getState().ensureLoaded();
    void useVision.getState().ensureLoaded();
  }, [live]);
  const wrapper = useRef<HTMLDivElement>(null);
  // The camera under the pointer: while there is one, a drag carries it instead of panning.
  const [dragCamera, setDragCamera] = useState<{ id: string; name: string } | null>(null);
  const isVisible = useCallback((key: LayerKey) => (only ? only.has(key) : !hidden[key]), [only, hidden]);

  // Size tracking: fitting a ward or panning by a key needs the canvas's real size.
  useEffect(() => {
    const element = wrapper.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setSize({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [setSize]);

  // First view: the whole city, once its bounds are known.
  useEffect(() => {
    if (view || !overview) return;
    const size = useMapStore.getState().size;
    moveTo(
      size.width > 1 ? fitBoundsView(overview.bounds, size, 24) : centreOn(overview.center, overview.defaultZoom),
      false,
    );
  }, [view, overview, moveTo]);

  const layers = useMemo(
    () =>
      buildMapLayers({
        basemap,
        basemapSource,
        basemapVersion,
        fetchTile: fetchBasemapTile,
        wards: overview?.wards ?? [],
        assets,
        userLayers,
        isVisible,
        selected,
      }),
    [basemap, basemapSource, basemapVersion, overview, assets, userLayers, isVisible, selected],
  );
  const liveLayers = useMemo(
    () => liveMapLayers({ live, fieldSnapshot, visionCounts, assets, isVisible }),
    [live, fieldSnapshot, visionCounts, assets, isVisible],
  );
  const allLayers = useMemo(() => withLiveLayers(layers, liveLayers), [layers, liveLayers]);

  const toObject = useCallback(
    (info: PickingInfo) => (info.layer ? pickedMapObject(info.layer.id, info.object, info.index, { assets, userLayers }) : null),
    [assets, userLayers],
  );

  const onHover = useCallback(
    (info: PickingInfo) => {
      const object = toObject(info);
      setHovered(object ? { object, x: info.x, y: info.y } : null);
      setDragCamera((current) => {
        const next = object?.kind === 'camera' ? object : null;
        return current?.id === next?.id ? current : next ? { id: next.id, name: next.name } : null;
      });
    },
    [toObject, setHovered],
  );

  const onClick = useCallback((info: PickingInfo) => select(toObject(info)), [toObject, select]);

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    // Keys typed into the map's own overlays (buttons inside it) are theirs.
    if (e.target !== e.currentTarget) return;
    const action = mapKeyAction(e);
    if (!action) return;
    e.preventDefault();
    if (action.type === 'clear') {
      select(null);
      return;
    }
    const state = useMapStore.getState();
    if (state.view) setView(applyKeyAction(state.view, action, state.size));
  };

  const onViewStateChange = useCallback(
    ({ viewState }: { viewState: DeckMapViewState }) => {
      setView({ ...viewState, zoom: clampZoom(viewState.zoom) } as MapViewState);
    },
    [setView],
  );

  const onDragStart = (e: React.DragEvent<HTMLDivElement>) => {
    if (!dragCamera) return e.preventDefault();
    setCameraDrag(e.dataTransfer, dragCamera.id);
    // The default drag image would be the whole map; the camera's name says what is carried.
    const ghost = document.createElement('div');
    ghost.className = 'map-drag-ghost';
    ghost.textContent = dragCamera.name;
    document.body.appendChild(ghost);
    e.dataTransfer.setDragImage(ghost, 10, 10);
    window.setTimeout(() => ghost.remove(), 0);
  };

  return (
    <div
      className="map-canvas"
      data-testid={testId}
      data-drag-camera={dragCamera?.id}
      ref={wrapper}
      draggable={dragCamera !== null}
      onDragStart={onDragStart}
      tabIndex={0}
      role="application"
      aria-roledescription={t('map.title')}
      aria-label={t('map.canvas')}
      onKeyDown={onKeyDown}
      onMouseLeave={() => {
        setHovered(null);
        setDragCamera(null);
      }}
    >
      {view && (
        <DeckGL
          viewState={{ ...view, minZoom: MIN_ZOOM, maxZoom: MAX_ZOOM } as DeckMapViewState}
          controller={controller}
          onViewStateChange={onViewStateChange as never}
          layers={allLayers}
          onHover={onHover}
          onClick={onClick}
          onAfterRender={() => markFirstMapFrame(Boolean((basemap || basemapSource?.kind !== 'builtin') && assets))}
          getCursor={({ isDragging, isHovering }) => (isDragging ? 'grabbing' : isHovering ? 'pointer' : 'grab')}
        />
      )}
    </div>
  );
}
