import { useEffect, useState } from 'react';
import type { Retention } from '../../../shared/domain/analytics';
import { rpc } from '../../bridge';
import { useT } from '../../i18n';
import { useCan } from '../auth/use-permission';
import { useNotify } from '../notify/notify-store';
import { notifyStatsError } from './storage-health';

const fields = ['rawDays', 'minuteDays', 'hourDays', 'dayDays'] as const;

/** How long each analytics table is kept; supervisors and admins only (the main process checks again). */
export function RetentionPanel() {
  const t = useT();
  const canManage = useCan('stats.retention');
  const push = useNotify((s) => s.push);
  const [draft, setDraft] = useState<Retention | null>(null);

  useEffect(() => {
    if (!canManage) return;
    let live = true;
    rpc('stats.retention.get', {}).then(
      (r) => live && setDraft(r),
      (err: unknown) => notifyStatsError(t, err),
    );
    return () => {
      live = false;
    };
  }, [canManage, t]);

  if (!canManage || !draft) return null;
  const save = async () => {
    try {
      setDraft(await rpc('stats.retention.set', draft));
      push('info', t('stats.retention.saved'));
    } catch (err) {
      notifyStatsError(t, err);
    }
  };
  return (
    <section className="stats-card stats-wide" aria-labelledby="retention-title" data-testid="retention">
      <h2 id="retention-title">{t('stats.retention')}</h2>
      <p className="stats-hint">{t('stats.retention.hint')}</p>
      <div className="stats-form">
        {fields.map((f) => (
          <label key={f}>
            {t(`stats.retention.${f}`)}
            <input
              type="number"
              min={1}
              step={1}
              value={draft[f]}
              data-testid={`retention-${f}`}
              onChange={(e) => setDraft({ ...draft, [f]: e.target.valueAsNumber })}
            />
          </label>
        ))}
        <button type="button" onClick={() => void save()} data-testid="retention-save">
          {t('stats.retention.save')}
        </button>
      </div>
    </section>
  );
}
