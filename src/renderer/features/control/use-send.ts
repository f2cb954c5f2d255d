import { useCallback } from 'react';
import { needsConfirmation, type CommandRecord, type FieldCommandOp } from '../../../shared/domain/field-commands';
import { rpc, RpcCallError } from '../../bridge';
import { useT, type Translate } from '../../i18n';
import { notifyError, useNotify } from '../notify/notify-store';

/** Sends a field command and tells the operator what the controller answered. */
export function useSend(): (targetId: string, op: FieldCommandOp, reason?: string) => Promise<CommandRecord | null> {
  const t = useT();
  const push = useNotify((s) => s.push);
  return useCallback(
    async (targetId, op, reason) => {
      if (needsConfirmation(op) && !window.confirm(t('field.confirmDangerous'))) return null;
      try {
        const record = await rpc('field.command', reason ? { targetId, op, reason } : { targetId, op });
        reportRecord(t, push, record);
        return record;
      } catch (err) {
        reportError(t, push, targetId, err);
        return null;
      }
    },
    [t, push],
  );
}

export function reportRecord(t: Translate, push: (kind: 'info' | 'error', text: string) => void, record: CommandRecord): void {
  if (record.status === 'awaitingConfirmation') push('info', t('field.awaiting'));
  else if (record.status === 'done') push('info', t('field.done', { target: record.targetId }));
  else if (record.status === 'failed') push('error', t('field.failed', { target: record.targetId, reason: record.reply?.reason ?? record.reply?.code ?? '—' }));
}

export function reportError(t: Translate, push: (kind: 'info' | 'error', text: string) => void, targetId: string, err: unknown): void {
  if (err instanceof RpcCallError && err.code === 'UNAVAILABLE') push('error', t('field.timeout', { target: targetId }));
  else notifyError(t, err);
}
