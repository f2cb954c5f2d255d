import type { AuthService } from '../../services/auth/auth-service';
import type { SettingsService } from '../../services/settings/settings-service';
import type { PartialHandlers } from '../types';

export interface SettingsHandlerDeps {
  settings: Pick<SettingsService, 'getStation' | 'updateStation'>;
  auth: Pick<AuthService, 'touch'>;
}

/** Station settings and the renderer's activity heartbeat (which drives idle lock). */
export function createSettingsHandlers({ settings, auth }: SettingsHandlerDeps): PartialHandlers<'settings.get' | 'settings.update' | 'session.touch'> {
  return {
    'settings.get': () => settings.getStation(),
    'settings.update': (params) => settings.updateStation(params),
    'session.touch': (_params, caller) => ({ lockAt: auth.touch(caller.sessionId).toISOString() }),
  };
}
