import { useCallback, useEffect, useRef, useState } from 'react';
import type { CameraDevice, RegisteredCamera } from '../../../shared/domain/camera-registry';
import { onEvent, rpc } from '../../bridge';
import { useT } from '../../i18n';
import { useCan } from '../auth/use-permission';
import { useCity } from '../city/city-store';
import { notifyCameraError } from './camera-errors';
import { CamerasTab } from './CamerasTab';
import { DevicesTab } from './DevicesTab';
import { ImportExportTab } from './ImportExportTab';
import './camera-admin.css';

type Tab = 'cameras' | 'devices' | 'import';
const tabs: Tab[] = ['cameras', 'devices', 'import'];

/**
 * "Quản lý camera": the button on the Camera page and the management screen it opens. Offered
 * only to roles with cameras.manage; the host checks every call again.
 */
export function CameraAdmin() {
  const t = useT();
  const canManage = useCan('cameras.manage');
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  if (!canManage) return null;
  return (
    <>
      <button ref={button} type="button" data-testid="camera-admin-open" aria-expanded={open} aria-haspopup="dialog" onClick={() => setOpen(true)}>
        {t('cameraAdmin.open')}
      </button>
      {open ? (
        <CameraAdminDialog
          onClose={() => {
            setOpen(false);
            // Back where the operator was, for keyboard users.
            button.current?.focus();
          }}
        />
      ) : null}
    </>
  );
}

function CameraAdminDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const [tab, setTab] = useState<Tab>('cameras');
  const [cameras, setCameras] = useState<RegisteredCamera[]>([]);
  const [devices, setDevices] = useState<CameraDevice[]>([]);
  const title = useRef<HTMLHeadingElement>(null);

  const reload = useCallback(() => {
    void rpc('cameras.list', undefined).then(setCameras, (e: unknown) => notifyCameraError(t, e));
    void rpc('cameras.devices', undefined).then(setDevices, (e: unknown) => notifyCameraError(t, e));
  }, [t]);

  useEffect(() => {
    void useCity.getState().ensureLoaded();
    reload();
    title.current?.focus();
    return onEvent('cameras.changed', reload);
  }, [reload]);

  return (
    <div className="camera-admin-backdrop">
      <section
        className="camera-admin"
        role="dialog"
        aria-modal="true"
        aria-labelledby="camera-admin-title"
        data-testid="camera-admin"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <header className="camera-admin-head">
          <h2 id="camera-admin-title" ref={title} tabIndex={-1}>
            {t('cameraAdmin.title')}
          </h2>
          <div role="tablist" className="row camera-admin-tabs">
            {tabs.map((id) => (
              <button key={id} type="button" role="tab" aria-selected={tab === id} data-testid={`camera-admin-tab-${id}`} onClick={() => setTab(id)}>
                {t(`cameraAdmin.tab.${id}`)}
              </button>
            ))}
          </div>
          <button type="button" className="ghost" aria-label={t('cameraAdmin.close')} data-testid="camera-admin-close" onClick={onClose}>
            ×
          </button>
        </header>
        <div className="camera-admin-body" role="tabpanel">
          {tab === 'cameras' ? <CamerasTab cameras={cameras} onChanged={reload} /> : null}
          {tab === 'devices' ? <DevicesTab devices={devices} onChanged={reload} /> : null}
          {tab === 'import' ? <ImportExportTab onChanged={reload} /> : null}
        </div>
      </section>
    </div>
  );
}
