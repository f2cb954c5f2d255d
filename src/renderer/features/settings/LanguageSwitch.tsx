import { useLanguage, useT } from '../../i18n';

export function LanguageSwitch() {
  const t = useT();
  const { language, setLanguage } = useLanguage();
  const next = language === 'vi' ? 'en' : 'vi';
  return (
    <button type="button" className="lang-switch" data-testid="language-switch" lang={next} aria-label={`${t('lang.label')}: ${t('lang.switch')}`} onClick={() => setLanguage(next)}>
      {t('lang.switch')}
    </button>
  );
}
