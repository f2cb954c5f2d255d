import { create } from 'zustand';
import { RpcCallError } from '../../bridge';
import type { Translate } from '../../i18n';

export interface Toast {
  id: number;
  kind: 'info' | 'error';
  text: string;
}

interface NotifyState {
  toasts: Toast[];
  push(kind: Toast['kind'], text: string): void;
  dismiss(id: number): void;
}

let nextId = 1;

export const useNotify = create<NotifyState>((set, get) => ({
  toasts: [],
  push(kind, text) {
    const id = nextId++;
    set({ toasts: [...get().toasts.slice(-4), { id, kind, text }] });
    setTimeout(() => get().dismiss(id), kind === 'error' ? 8000 : 4000);
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));

/** Turns any failure into the sentence an operator should read. */
export function describeError(t: Translate, err: unknown): string {
  if (err instanceof RpcCallError) {
    switch (err.code) {
      case 'RATE_LIMITED': {
        const retry = (err.details as { retryAfterMs?: number } | undefined)?.retryAfterMs ?? 30_000;
        return t('error.RATE_LIMITED', { seconds: Math.ceil(retry / 1000) });
      }
      case 'UNAUTHENTICATED':
      case 'PERMISSION_DENIED':
      case 'SESSION_LOCKED':
      case 'NOT_FOUND':
      case 'UNAVAILABLE':
        return t(`error.${err.code}`);
      case 'INVALID_ARGUMENT':
      case 'CONFLICT':
        return t(`error.${err.code}`, { message: err.message });
      default:
        return t('error.generic', { message: err.message });
    }
  }
  return t('error.generic', { message: err instanceof Error ? err.message : String(err) });
}

export function notifyError(t: Translate, err: unknown): void {
  useNotify.getState().push('error', describeError(t, err));
}
