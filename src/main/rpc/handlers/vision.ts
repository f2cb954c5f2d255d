import type { VisionService } from '../../services/vision/vision-service';
import type { PartialHandlers } from '../types';

type VisionMethod =
  | 'vision.settings.get'
  | 'vision.settings.set'
  | 'vision.start'
  | 'vision.stop'
  | 'vision.states'
  | 'vision.counts'
  | 'vision.models.list'
  | 'vision.models.add'
  | 'vision.models.remove';

export interface VisionHandlerDeps {
  vision: Pick<VisionService, 'getSettings' | 'setSettings' | 'start' | 'stop' | 'states' | 'counts' | 'listModels' | 'addModel' | 'removeModel'>;
}

/** `vision.*`: the router has validated arguments and roles; the service checks cameras and models. */
export function createVisionHandlers({ vision }: VisionHandlerDeps): PartialHandlers<VisionMethod> {
  return {
    'vision.settings.get': ({ cameraId }) => vision.getSettings(cameraId),
    'vision.settings.set': ({ cameraId, settings }) => vision.setSettings(cameraId, settings),
    'vision.start': ({ cameraId }) => vision.start(cameraId),
    'vision.stop': ({ cameraId }) => vision.stop(cameraId),
    'vision.states': () => vision.states(),
    'vision.counts': ({ cameraId }) => vision.counts(cameraId),
    'vision.models.list': () => vision.listModels(),
    'vision.models.add': (input) => vision.addModel(input),
    'vision.models.remove': async ({ id }) => ({ removed: await vision.removeModel(id) }),
  };
}
