import type { FieldSnapshot } from '../../../shared/domain/field';
import { useT } from '../../i18n';
import { rejectedCount } from './field-model';

/** One line on the bus: connected or not, who is online, and where messages went (nothing is lost silently). */
export function BusStrip({ snapshot }: { snapshot: FieldSnapshot }) {
  const t = useT();
  const online = snapshot.controllers.filter((c) => c.online).length;
  const s = snapshot.stats;
  return (
    <p className="field-strip" data-testid="field-bus-strip" aria-live="polite">
      <span className={snapshot.connected ? 'field-ok' : 'field-bad'}>{snapshot.connected ? t('field.bus.connected') : t('field.bus.disconnected')}</span>
      <span data-testid="field-online">{t('field.bus.online', { online, total: snapshot.controllers.length })}</span>
      <span>{t('field.bus.stats', { received: s.received, stored: s.stored, lost: s.lost, rejected: rejectedCount(s), auth: s.authFailures })}</span>
      <span>{t('field.bus.simulator', { state: t(`field.sim.${snapshot.simulator.state}`) })}</span>
    </p>
  );
}
