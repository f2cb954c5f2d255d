import { useState } from 'react';
import { rpc } from '../../bridge';
import { useT } from '../../i18n';
import { useCan } from '../auth/use-permission';
import { notifyError, useNotify } from '../notify/notify-store';
import { basemapLayerIds, cityLayerIds, userLayerKey, type LayerKey } from './layer-catalog';
import { useMapStore } from './map-store';
import { userLayerColour } from './map-style';

/** One checkbox per layer, grouped as basemap, city infrastructure and imported layers. */
export function LayerPanel() {
  const t = useT();
  const hidden = useMapStore((s) => s.hidden);
  const userLayers = useMapStore((s) => s.userLayers);
  const canEdit = useCan('map.edit');

  return (
    <section className="map-panel" aria-labelledby="map-layers-title">
      <h2 id="map-layers-title">{t('map.layers')}</h2>
      <fieldset>
        <legend>{t('map.layers.basemap')}</legend>
        {basemapLayerIds.map((id) => (
          <LayerToggle key={id} id={id} label={t(`map.layer.${id}`)} checked={!hidden[id]} swatch={`swatch-${id}`} />
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('map.layers.city')}</legend>
        {cityLayerIds.map((id) => (
          <LayerToggle key={id} id={id} label={t(`map.layer.${id}`)} checked={!hidden[id]} swatch={`swatch-${id}`}>
            {id === 'cameras' && (
              <span className="map-legend">
                <span className="swatch swatch-camera-ai" aria-hidden="true" /> {t('map.legend.ai')}{' '}
                <span className="swatch swatch-camera-standard" aria-hidden="true" /> {t('map.legend.standard')}
              </span>
            )}
          </LayerToggle>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('map.layers.user')}</legend>
        {userLayers.length === 0 && <p className="muted">{t('map.userLayer.none')}</p>}
        {userLayers.map((layer, i) => (
          <div className="map-user-layer" key={layer.id}>
            <LayerToggle
              id={userLayerKey(layer.id)}
              label={layer.name}
              checked={!hidden[userLayerKey(layer.id)]}
              colour={userLayerColour(i)}
            >
              <span className="muted">{t('map.userLayer.features', { count: layer.featureCount })}</span>
            </LayerToggle>
            {canEdit && <RemoveUserLayer id={layer.id} name={layer.name} />}
          </div>
        ))}
      </fieldset>
    </section>
  );
}

function LayerToggle(props: {
  id: LayerKey;
  label: string;
  checked: boolean;
  swatch?: string;
  colour?: [number, number, number, number];
  children?: React.ReactNode;
}) {
  const toggle = useMapStore((s) => s.toggle);
  return (
    <label className="map-toggle">
      <input type="checkbox" checked={props.checked} onChange={() => toggle(props.id)} data-testid={`layer-toggle-${props.id}`} />
      {props.swatch && <span className={`swatch ${props.swatch}`} aria-hidden="true" />}
      {props.colour && <ColourSwatch colour={props.colour} />}
      <span className="map-toggle-label">{props.label}</span>
      {props.children}
    </label>
  );
}

/** Imported layers get colours at run time; the swatch takes its colour through CSSOM, not an inline style attribute. */
function ColourSwatch({ colour }: { colour: [number, number, number, number] }) {
  return (
    <span
      className="swatch"
      aria-hidden="true"
      ref={(el) => {
        el?.style.setProperty('--swatch', `rgb(${colour[0]} ${colour[1]} ${colour[2]})`);
      }}
    />
  );
}

/** Two steps, so one stray key press cannot delete a layer. */
function RemoveUserLayer({ id, name }: { id: string; name: string }) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const removeUserLayer = useMapStore((s) => s.removeUserLayer);

  const remove = async () => {
    setBusy(true);
    try {
      await rpc('map.userLayers.remove', { id });
      removeUserLayer(id);
      useNotify.getState().push('info', t('map.userLayer.removed', { name }));
    } catch (err) {
      notifyError(t, err);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };

  return confirming ? (
    <button type="button" className="danger" disabled={busy} onClick={() => void remove()} onBlur={() => !busy && setConfirming(false)} data-testid={`user-layer-confirm-${id}`}>
      {t('map.userLayer.confirm')}
    </button>
  ) : (
    <button type="button" onClick={() => setConfirming(true)} aria-label={t('map.userLayer.removeLabel', { name })} data-testid={`user-layer-remove-${id}`}>
      {t('map.userLayer.remove')}
    </button>
  );
}
