import { useEffect } from 'react';
import { useT } from '../i18n';
import { LockScreen, LoginScreen, SetupScreen } from '../features/auth/AuthScreens';
import { subscribeAuthEvents, useAuth } from '../features/auth/auth-store';
import { describeError } from '../features/notify/notify-store';
import { Toasts } from '../features/notify/Toasts';
import { Shell } from './Shell';

const role = new URLSearchParams(location.search).get('role') === 'wall' ? 'wall' : 'station';

export function App() {
  const t = useT();
  const { state, loadError, load } = useAuth();

  useEffect(() => {
    subscribeAuthEvents();
    void load();
  }, [load]);

  let screen: React.ReactNode;
  if (!state) {
    screen = (
      <main className="auth-screen" aria-busy={!loadError}>
        <p role={loadError ? 'alert' : 'status'}>{loadError ? describeError(t, loadError) : t('common.loading')}</p>
      </main>
    );
  } else if (state.follows && !state.operator) {
    // The wall has no login of its own: it follows the main station (see WallFollowsStation).
    screen = (
      <main className="auth-screen" data-testid="wall-waiting">
        <p role="status">{t('wall.waiting')}</p>
      </main>
    );
  } else if (state.needsSetup) screen = <SetupScreen />;
  else if (!state.operator) screen = <LoginScreen />;
  else if (state.locked) screen = <LockScreen displayName={state.operator.displayName} />;
  else screen = <Shell role={role} />;

  return (
    <>
      {screen}
      <Toasts />
    </>
  );
}
