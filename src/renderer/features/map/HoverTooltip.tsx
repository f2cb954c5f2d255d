import { useT } from '../../i18n';
import { kindLabel } from './labels';
import { useMapStore } from './map-store';

/** A name and a kind beside the pointer; positioned through CSSOM, which the CSP allows. */
export function HoverTooltip() {
  const t = useT();
  const hovered = useMapStore((s) => s.hovered);
  if (!hovered) return null;
  return (
    <div
      className="map-tooltip"
      role="tooltip"
      data-testid="map-tooltip"
      ref={(el) => {
        el?.style.setProperty('transform', `translate(${Math.round(hovered.x + 14)}px, ${Math.round(hovered.y + 14)}px)`);
      }}
    >
      <strong>{hovered.object.name}</strong>
      <span className="muted">{kindLabel(t, hovered.object.kind, hovered.object)}</span>
    </div>
  );
}
