import { useT } from '../../i18n';
import { useNotify } from './notify-store';

export function Toasts() {
  const toasts = useNotify((s) => s.toasts);
  const dismiss = useNotify((s) => s.dismiss);
  const t = useT();
  return (
    <div className="toasts" role="region" aria-live="polite" data-testid="toasts">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'} data-testid={`toast-${toast.kind}`}>
          <span>{toast.text}</span>
          <button type="button" className="ghost" onClick={() => dismiss(toast.id)} aria-label={t('common.close')}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
