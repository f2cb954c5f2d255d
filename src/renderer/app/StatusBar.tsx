import { useEffect, useState } from 'react';
import type { SystemStatus } from '../../shared/domain/system';
import { onConnectionState, onEvent, rpc } from '../bridge';
import type { TransportState } from '../bridge/transport';
import { useLanguage, useT } from '../i18n';
import { useAuth } from '../features/auth/auth-store';
import { StorageAlert } from '../features/stats/StorageAlert';

function useClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function useSystemStatus(): SystemStatus | null {
  const [status, setStatus] = useState<SystemStatus | null>(null);
  useEffect(() => {
    rpc('system.status', {}).then(setStatus, () => {});
    return onEvent('system.status', setStatus);
  }, []);
  return status;
}

export function StatusBar() {
  const t = useT();
  const language = useLanguage((s) => s.language);
  const now = useClock();
  const status = useSystemStatus();
  const operator = useAuth((s) => s.state?.operator);
  const [connection, setConnection] = useState<TransportState>('connecting');
  useEffect(() => onConnectionState(setConnection), []);
  const locale = language === 'vi' ? 'vi-VN' : 'en-GB';

  return (
    <footer className="status-bar" role="contentinfo" data-testid="status-bar">
      <time className="clock" dateTime={now.toISOString()} aria-label={t('status.clock')} data-testid="status-clock">
        {now.toLocaleTimeString(locale, { hour12: false })} · {now.toLocaleDateString(locale)}
      </time>
      <span className={`chip chip-${connection === 'open' ? 'ok' : connection === 'closed' ? 'down' : 'degraded'}`} data-testid="status-connection">
        {t('status.connection')}: {t(`status.connection.${connection}`)}
      </span>
      <ul className="subsystems" aria-label="subsystems">
        {status?.subsystems.map((s) => (
          <li key={s.id} className={`chip chip-${s.state}`} title={s.detail ?? ''} data-testid={`subsystem-${s.id}`}>
            {t(`subsystem.${s.id}`)}: {t(`state.${s.state}`)}
          </li>
        ))}
      </ul>
      {/* Mounted per operator: the store's health is read once logged in (a full disk is said here). */}
      {operator ? <StorageAlert compact key={operator.username} /> : null}
      <span className="drill-slot" data-testid="drill-badge-slot">
        {status?.drill.active ? (
          <strong className="drill-badge" role="status">
            {t('status.drill')} / DRILL{status.drill.name ? ` — ${status.drill.name}` : ''}
          </strong>
        ) : null}
      </span>
      {operator ? (
        <span className="operator" data-testid="status-operator">
          {t('status.operator')}: {operator.displayName} ({t(`role.${operator.role}`)})
        </span>
      ) : null}
    </footer>
  );
}
