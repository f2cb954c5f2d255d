import { useEffect, useState, type FormEvent } from 'react';
import type { CityOverview } from '../../../shared/domain/city';
import type { DisplayLayout } from '../../../shared/domain/displays';
import type { StationSettings, SystemInfo } from '../../../shared/domain/system';
import { rpc } from '../../bridge';
import { useLanguage, useT } from '../../i18n';
import { AuditPanel } from '../audit/AuditPanel';
import { Field } from '../auth/Field';
import { useCan } from '../auth/use-permission';
import { notifyError, useNotify } from '../notify/notify-store';
import { OperatorsPanel } from '../operators/OperatorsPanel';
import { LanguageSwitch } from './LanguageSwitch';

export function SettingsPage() {
  const t = useT();
  const canManageOperators = useCan('operators.manage');
  const canReadAudit = useCan('audit.read');
  return (
    <div className="page settings-page">
      <h1>{t('settings.title')}</h1>
      <section className="panel" aria-labelledby="lang-title">
        <h2 id="lang-title">{t('lang.label')}</h2>
        <LanguageSwitch />
      </section>
      <ChangePasswordPanel />
      <StationPanel />
      <DisplaysPanel />
      {canManageOperators ? <OperatorsPanel /> : null}
      {canReadAudit ? <AuditPanel /> : null}
      <AboutPanel />
    </div>
  );
}

function ChangePasswordPanel() {
  const t = useT();
  const push = useNotify((s) => s.push);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await rpc('auth.changePassword', { currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      push('info', t('settings.passwordChanged'));
    } catch (err) {
      notifyError(t, err);
    }
  };
  return (
    <section className="panel" aria-labelledby="account-title">
      <h2 id="account-title">{t('settings.account')}</h2>
      <form className="inline-form" onSubmit={submit}>
        <Field label={t('settings.currentPassword')} type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        <Field label={t('settings.newPassword')} type="password" autoComplete="new-password" required minLength={10} hint={t('auth.passwordHint')} value={next} onChange={(e) => setNext(e.target.value)} />
        <button type="submit">{t('settings.changePassword')}</button>
      </form>
    </section>
  );
}

function StationPanel() {
  const t = useT();
  const canWrite = useCan('settings.write');
  const push = useNotify((s) => s.push);
  const [settings, setSettings] = useState<StationSettings | null>(null);
  useEffect(() => {
    rpc('settings.get', {}).then(setSettings, (err: unknown) => notifyError(t, err));
  }, [t]);
  if (!settings) return null;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      setSettings(await rpc('settings.update', settings));
      push('info', t('operators.saved'));
    } catch (err) {
      notifyError(t, err);
    }
  };
  return (
    <section className="panel" aria-labelledby="station-title">
      <h2 id="station-title">{t('settings.station')}</h2>
      <form className="inline-form" onSubmit={save}>
        <Field
          label={t('settings.idleLock')}
          type="number"
          min={1}
          max={240}
          disabled={!canWrite}
          value={settings.idleLockMinutes}
          onChange={(e) => setSettings({ ...settings, idleLockMinutes: Number(e.target.value) })}
        />
        {canWrite ? <button type="submit">{t('common.save')}</button> : null}
      </form>
    </section>
  );
}

function DisplaysPanel() {
  const t = useT();
  const [layout, setLayout] = useState<DisplayLayout | null>(null);
  useEffect(() => {
    rpc('displays.layout', {}).then(setLayout, (err: unknown) => notifyError(t, err));
  }, [t]);
  return (
    <section className="panel" aria-labelledby="displays-title" data-testid="displays-panel">
      <h2 id="displays-title">{t('settings.displays')}</h2>
      {!layout || layout.displays.length === 0 ? (
        <p className="muted">{t('settings.displays.none')}</p>
      ) : (
        <ul>
          {layout.displays.map((d) => (
            <li key={d.id}>
              {d.label} — {d.bounds.width}×{d.bounds.height}
              {d.primary ? ' ★' : ''}:{' '}
              {layout.windows
                .filter((w) => w.displayId === d.id)
                .map((w) => `${w.role}${w.kiosk ? ' (kiosk)' : ''}`)
                .join(', ') || '—'}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AboutPanel() {
  const t = useT();
  const language = useLanguage((s) => s.language);
  const [info, setInfo] = useState<SystemInfo | null>(null);
  const [city, setCity] = useState<CityOverview | null>(null);
  useEffect(() => {
    rpc('system.info', {}).then(setInfo, () => {});
    rpc('city.overview', {}).then(setCity, () => {});
  }, []);
  return (
    <section className="panel" aria-labelledby="about-title" data-testid="about-panel">
      <h2 id="about-title">{t('settings.about')}</h2>
      {info ? (
        <p>
          {info.appName} {info.version} — {t('settings.host')}: {t(`settings.host.${info.host}`)}
        </p>
      ) : null}
      {city ? (
        <>
          <p>
            <strong>{city.name[language]}</strong>, {city.province}
          </p>
          <p className="muted">{city.geometryNote[language]}</p>
          <ul className="attribution">
            {city.attribution.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
