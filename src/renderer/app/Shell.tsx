import { useCallback, useEffect, useRef, useState } from 'react';
import { rpc } from '../bridge';
import { useT } from '../i18n';
import { useAuth } from '../features/auth/auth-store';
import { startIdleReporter } from '../features/auth/idle-reporter';
import { ControlPage } from '../features/control/ControlPage';
import { IncidentsPage } from '../features/incidents/IncidentsPage';
import { MapView } from '../features/map/MapView';
import { notifyError } from '../features/notify/notify-store';
import { PlatesPage } from '../features/plates/PlatesPage';
import { startPlateAlerts } from '../features/plates/plates-store';
import { SettingsPage } from '../features/settings/SettingsPage';
import { LanguageSwitch } from '../features/settings/LanguageSwitch';
import { StatsPage } from '../features/stats/StatsPage';
import { VideoPage } from '../features/video/VideoPage';
import { Nav } from './Nav';
import { sectionForShortcut, sectionFromHash, sectionLabel, type Section } from './sections';
import { StatusBar } from './StatusBar';

const pages: Record<Section, () => React.ReactNode> = {
  map: () => <MapView />,
  cameras: () => <VideoPage />,
  incidents: () => <IncidentsPage />,
  control: () => <ControlPage />,
  stats: () => <StatsPage />,
  settings: () => <SettingsPage />,
  plates: () => <PlatesPage />,
};

/** The station's frame: navigation, the current section, the status bar. `wall` drops the chrome. */
export function Shell({ role }: { role: 'station' | 'wall' }) {
  const t = useT();
  const setAuth = useAuth((s) => s.set);
  const [section, setSection] = useState<Section>(() => sectionFromHash(location.hash));
  const mainRef = useRef<HTMLElement>(null);

  const select = useCallback((next: Section) => {
    setSection(next);
    history.replaceState(null, '', `#/${next}`);
  }, []);

  const lock = useCallback(async () => {
    try {
      setAuth(await rpc('auth.lock', {}));
    } catch (err) {
      notifyError(t, err);
    }
  }, [setAuth, t]);

  useEffect(() => startIdleReporter(), []);
  useEffect(() => startPlateAlerts(), []);
  // Features may move to another section by setting the hash (Thống kê drills down to the map this way).
  useEffect(() => {
    const onHash = () => setSection(sectionFromHash(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = sectionForShortcut(e);
      if (target) {
        e.preventDefault();
        select(target);
        mainRef.current?.focus();
      } else if (e.ctrlKey && e.altKey && e.key.toLowerCase() === 'l') {
        e.preventDefault();
        void lock();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [select, lock]);

  if (role === 'wall') {
    return (
      <div className="shell shell-wall">
        <main className="content" ref={mainRef} tabIndex={-1}>
          <MapView />
        </main>
        <StatusBar />
      </div>
    );
  }

  const logout = async () => {
    try {
      setAuth(await rpc('auth.logout', {}));
    } catch (err) {
      notifyError(t, err);
    }
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main-content">
        {t('nav.skip')}
      </a>
      <header className="top-bar">
        <span className="app-title">{t('app.title')}</span>
        <span className="section-title" data-testid="section-title">
          {t(sectionLabel[section])}
        </span>
        <span className="top-actions">
          <LanguageSwitch />
          <button type="button" onClick={() => void lock()} title="Ctrl+Alt+L" data-testid="lock-button">
            {t('auth.lock')}
          </button>
          <button type="button" onClick={() => void logout()} data-testid="logout-button">
            {t('auth.logout')}
          </button>
        </span>
      </header>
      <Nav current={section} onSelect={select} />
      <main className="content" id="main-content" ref={mainRef} tabIndex={-1} data-testid={`page-${section}`}>
        {pages[section]()}
      </main>
      <StatusBar />
    </div>
  );
}
