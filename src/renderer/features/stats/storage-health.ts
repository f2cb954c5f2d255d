import { useEffect, useState } from 'react';
import type { StorageHealth } from '../../../shared/domain/analytics';
import { onEvent, RpcCallError, rpc } from '../../bridge';
import type { Translate } from '../../i18n';
import { notifyError, useNotify } from '../notify/notify-store';

/** The analytics store's write health, live: null until known (or for a caller who may not read stats). */
export function useStorageHealth(): StorageHealth | null {
  const [health, setHealth] = useState<StorageHealth | null>(null);
  useEffect(() => {
    let live = true;
    rpc('stats.storage', {}).then(
      (h) => live && setHealth(h),
      () => {},
    );
    const off = onEvent('stats.storage', setHealth);
    return () => {
      live = false;
      off();
    };
  }, []);
  return health;
}

export function isDiskFullError(err: unknown): boolean {
  return err instanceof RpcCallError && (err.details as { code?: unknown } | undefined)?.code === 'DISK_FULL';
}

/** Like notifyError, but a refusal because the disk is full is said in the operator's words. */
export function notifyStatsError(t: Translate, err: unknown): void {
  if (isDiskFullError(err)) useNotify.getState().push('error', t('stats.storage.refused'));
  else notifyError(t, err);
}
