import { RpcError } from '../../../shared/contract/errors';
import type { CameraService } from '../../services/cameras/camera-service';
import type { CallerContext, PartialHandlers } from '../types';

export interface VideoHandlerDeps {
  cameras: CameraService;
  auth: { current(sessionId: string): { operator: { username: string } | null } };
}

type VideoMethod =
  | 'cameras.list'
  | 'cameras.devices'
  | 'cameras.nearby'
  | 'cameras.discover'
  | 'cameras.addDevice'
  | 'cameras.update'
  | 'cameras.remove'
  | 'cameras.setTranscode'
  | 'cameras.import'
  | 'cameras.export'
  | 'video.open'
  | 'video.close'
  | 'video.snapshot'
  | 'video.layouts.list'
  | 'video.layouts.save'
  | 'video.layouts.remove'
  | 'ptz.move'
  | 'ptz.stop'
  | 'ptz.presets'
  | 'ptz.gotoPreset'
  | 'ptz.savePreset';

/** `cameras.*`, `video.*`, `ptz.*`: arguments are validated and roles checked by the router before these run. */
export function createVideoHandlers({ cameras, auth }: VideoHandlerDeps): PartialHandlers<VideoMethod> {
  const ok = { ok: true as const };
  const username = (caller: CallerContext): string => {
    const operator = auth.current(caller.sessionId).operator;
    if (!operator) throw new RpcError('UNAUTHENTICATED', 'log in first');
    return operator.username;
  };
  // A tile's lease belongs to the session that opened it: nobody closes another station's video.
  const leaseOwners = new Map<string, string>();
  return {
    'cameras.list': () => cameras.list(),
    'cameras.devices': () => cameras.listDevices(),
    'cameras.nearby': ({ position, radiusM, limit }) => cameras.nearby(position, radiusM, limit),
    'cameras.discover': ({ targets, multicast, port }) => cameras.discover({ targets, multicast, port }),
    'cameras.addDevice': (input) => cameras.addDevice(input),
    'cameras.update': ({ id, placement }) => cameras.update(id, placement),
    'cameras.remove': async ({ id }) => {
      await cameras.remove(id);
      return ok;
    },
    'cameras.setTranscode': ({ id, enabled }) => cameras.setTranscode(id, enabled),
    'cameras.import': ({ format, text }) => cameras.importList(format, text),
    'cameras.export': ({ format }) => ({ text: cameras.exportList(format) }),
    'video.open': ({ cameraId, quality }, caller) => {
      const lease = cameras.openStream(cameraId, quality);
      leaseOwners.set(lease.leaseId, caller.sessionId);
      return lease;
    },
    'video.close': ({ leaseId }, caller) => {
      const owner = leaseOwners.get(leaseId);
      if (owner !== undefined && owner !== caller.sessionId) throw new RpcError('PERMISSION_DENIED', 'this stream belongs to another session');
      leaseOwners.delete(leaseId);
      return { closed: cameras.closeStream(leaseId) };
    },
    'video.snapshot': ({ cameraId }) => cameras.snapshot(cameraId),
    'video.layouts.list': () => cameras.listLayouts(),
    'video.layouts.save': ({ layout }, caller) => cameras.saveLayout({ ...layout, savedBy: username(caller), savedAt: new Date().toISOString() }),
    'video.layouts.remove': async ({ id }) => ({ removed: await cameras.removeLayout(id) }),
    'ptz.move': async ({ cameraId, velocity }) => {
      await cameras.ptzMove(cameraId, velocity);
      return ok;
    },
    'ptz.stop': async ({ cameraId }) => {
      await cameras.ptzStop(cameraId);
      return ok;
    },
    'ptz.presets': ({ cameraId }) => cameras.ptzPresets(cameraId),
    'ptz.gotoPreset': async ({ cameraId, token }) => {
      await cameras.ptzGotoPreset(cameraId, token);
      return ok;
    },
    'ptz.savePreset': ({ cameraId, name }) => cameras.ptzSavePreset(cameraId, name),
  };
}
