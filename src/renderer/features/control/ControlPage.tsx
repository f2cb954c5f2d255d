import { useEffect, useState } from 'react';
import { useT } from '../../i18n';
import { useCity } from '../city/city-store';
import { describeError } from '../notify/notify-store';
import { BusStrip } from './BusStrip';
import { CommandHistory } from './CommandHistory';
import { DrillPanel } from './DrillPanel';
import { useField } from './field-store';
import { FloodPanel } from './FloodPanel';
import { LightingPanel } from './LightingPanel';
import { SignalsPanel } from './SignalsPanel';
import './control.css';

const tabs = ['signals', 'lighting', 'flood', 'commands', 'drill'] as const;
type Tab = (typeof tabs)[number];

/** Điều khiển: live state of the field controllers and the commands sent to them, one tab per kind. */
export function ControlPage() {
  const t = useT();
  const { assets, ensureLoaded: loadCity } = useCity();
  const { snapshot, commands, scenarios, error, ensureLoaded } = useField();
  const [tab, setTab] = useState<Tab>('signals');
  useEffect(() => void loadCity(), [loadCity]);
  useEffect(() => void ensureLoaded(), [ensureLoaded]);
  const pending = commands.filter((c) => c.status === 'awaitingConfirmation').length;

  if (error) return <div className="page form-error">{describeError(t, error)}</div>;
  if (!assets || !snapshot) return <div className="page">{t('common.loading')}</div>;
  return (
    <div className="page control-page">
      <h1>{t('field.title')}</h1>
      <BusStrip snapshot={snapshot} />
      <div role="tablist" aria-label={t('field.tabs')} className="field-tabs">
        {tabs.map((id) => (
          <button key={id} type="button" role="tab" id={`field-tab-${id}`} aria-selected={tab === id} aria-controls={`field-panel-${id}`} onClick={() => setTab(id)} data-testid={`field-tab-${id}`}>
            {t(`field.tab.${id}`)}
            {id === 'commands' && pending > 0 && <span className="badge field-warn"> {pending}</span>}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`field-panel-${tab}`} aria-labelledby={`field-tab-${tab}`}>
        {tab === 'signals' && <SignalsPanel snapshot={snapshot} assets={assets} />}
        {tab === 'lighting' && <LightingPanel snapshot={snapshot} assets={assets} />}
        {tab === 'flood' && <FloodPanel snapshot={snapshot} assets={assets} />}
        {tab === 'commands' && <CommandHistory commands={commands} />}
        {tab === 'drill' && <DrillPanel scenarios={scenarios} />}
      </div>
    </div>
  );
}
