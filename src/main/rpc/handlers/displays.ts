import type { DisplayLayoutService } from '../../services/displays/display-layout-service';
import type { PartialHandlers } from '../types';

export interface DisplayHandlerDeps {
  displays: Pick<DisplayLayoutService, 'layout' | 'setPrefs'>;
}

/** `displays.*`: the router has already validated arguments and checked the caller's role. */
export function createDisplayHandlers({ displays }: DisplayHandlerDeps): PartialHandlers<'displays.layout' | 'displays.setPrefs'> {
  return {
    'displays.layout': () => displays.layout(),
    'displays.setPrefs': (patch) => displays.setPrefs(patch),
  };
}
