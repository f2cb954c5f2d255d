import { useEffect, useRef } from 'react';
import { useT } from '../../i18n';
import { MapCameraActions } from '../camera-admin/NearbyCameras';
import { useCity, wardName } from '../city/city-store';
import { coordinatesLabel, headingLabel, kindLabel } from './labels';
import type { MapFact } from './map-objects';
import { useMapStore } from './map-store';

/** What is known about the selected object: name, kind, ward, coordinates, and what its kind adds. */
export function DetailsPanel() {
  const t = useT();
  const overview = useCity((s) => s.overview);
  const selected = useMapStore((s) => s.selected);
  const select = useMapStore((s) => s.select);
  const heading = useRef<HTMLHeadingElement>(null);

  // Keyboard users land on the panel they just opened; the map keeps its own focus otherwise.
  useEffect(() => {
    if (selected && document.activeElement?.closest('.map-sidebar')) heading.current?.focus();
  }, [selected]);

  if (!selected) return null;

  const formatFact = (fact: MapFact) => {
    if (typeof fact.value === 'boolean') return t(fact.value ? 'common.yes' : 'common.no');
    return fact.unit ? `${fact.value} ${fact.unit}` : String(fact.value);
  };

  return (
    <section className="map-details" data-testid="details-panel" aria-labelledby="map-details-title">
      <header>
        <h2 id="map-details-title" ref={heading} tabIndex={-1}>
          {selected.name}
        </h2>
        <button type="button" className="ghost" onClick={() => select(null)} aria-label={t('map.details.close')} data-testid="details-close">
          ×
        </button>
      </header>
      <dl>
        <dt>{t('map.details.kind')}</dt>
        <dd data-testid="details-kind">{kindLabel(t, selected.kind, selected)}</dd>
        <dt>{t('map.details.id')}</dt>
        <dd>
          <code>{selected.id}</code>
        </dd>
        {selected.wardId && (
          <>
            <dt>{t('map.details.ward')}</dt>
            <dd data-testid="details-ward">{wardName(overview, selected.wardId)}</dd>
          </>
        )}
        <dt>{t('map.details.coordinates')}</dt>
        <dd data-testid="details-coordinates">{coordinatesLabel(selected.position)}</dd>
        {selected.camera && (
          <>
            <dt>{t('map.details.address')}</dt>
            <dd data-testid="details-address">{selected.camera.address}</dd>
            <dt>{t('map.details.heading')}</dt>
            <dd data-testid="details-heading">{headingLabel(t, selected.camera.heading)}</dd>
          </>
        )}
        {selected.facts.map((fact) => (
          <FactRow key={fact.label} label={t(fact.label)} value={formatFact(fact)} />
        ))}
        {selected.properties?.map(([key, value]) => <FactRow key={`p:${key}`} label={key} value={value} />)}
      </dl>
      <MapCameraActions objectKey={selected.key} kind={selected.kind} id={selected.id} position={selected.position} />
    </section>
  );
}

function FactRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}
