import { create } from 'zustand';
import type { AuthState } from '../../../shared/domain/operators';
import { onEvent, rpc } from '../../bridge';

interface AuthStore {
  state: AuthState | null;
  loadError: unknown;
  load(): Promise<void>;
  set(state: AuthState): void;
}

/** The session's auth state as the main process sees it; the renderer never decides it alone. */
export const useAuth = create<AuthStore>((set) => ({
  state: null,
  loadError: null,
  async load() {
    try {
      set({ state: await rpc('auth.state', {}), loadError: null });
    } catch (err) {
      set({ loadError: err });
    }
  },
  set(state) {
    set({ state });
  },
}));

let subscribed = false;
/** The main process pushes state changes it makes itself (idle lock, account disabled). */
export function subscribeAuthEvents(): void {
  if (subscribed) return;
  subscribed = true;
  onEvent('auth.state', (state) => useAuth.getState().set(state));
}
