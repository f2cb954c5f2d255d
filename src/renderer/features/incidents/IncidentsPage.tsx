import { useT } from '../../i18n';

export function IncidentsPage() {
  const t = useT();
  return (
    <div className="page">
      <h1>{t('incidents.title')}</h1>
      <p className="notice" role="note">
        {t('incidents.empty')}
      </p>
    </div>
  );
}
