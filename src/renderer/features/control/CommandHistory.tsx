import type { CommandRecord } from '../../../shared/domain/field-commands';
import { rpc } from '../../bridge';
import { useLanguage, useT } from '../../i18n';
import { useCan } from '../auth/use-permission';
import { useNotify } from '../notify/notify-store';
import { clock } from './format';
import { reportError, reportRecord } from './use-send';

/** Who sent what, when, who confirmed it, and what the controller answered. */
export function CommandHistory({ commands }: { commands: CommandRecord[] }) {
  const t = useT();
  const language = useLanguage((s) => s.language);
  const push = useNotify((s) => s.push);
  const canConfirm = useCan('control.confirm');
  const canOperate = useCan('control.operate');
  const act = async (method: 'field.confirm' | 'field.reject' | 'field.retry', record: CommandRecord) => {
    try {
      reportRecord(t, push, await rpc(method, { id: record.id }));
    } catch (err) {
      reportError(t, push, record.targetId, err);
    }
  };
  if (commands.length === 0) return <p className="muted">{t('field.cmd.none')}</p>;
  return (
    <section className="panel">
      <table className="table" data-testid="command-history">
        <thead>
          <tr>
            <th>{t('field.cmd.time')}</th>
            <th>{t('field.cmd.target')}</th>
            <th>{t('field.cmd.op')}</th>
            <th>{t('field.cmd.by')}</th>
            <th>{t('field.cmd.confirmedBy')}</th>
            <th>{t('field.cmd.status')}</th>
            <th>{t('field.cmd.answer')}</th>
            <th>{t('field.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {commands.map((c) => (
            <tr key={c.id} data-testid={`command-${c.id}`} className={c.status === 'failed' || c.status === 'timeout' ? 'row-error' : undefined}>
              <td>{clock(language, c.requestedAt)}</td>
              <td>
                <code>{c.targetId}</code>
              </td>
              <td>
                <code>{describeOp(c)}</code>
                {c.reason && <div className="muted">{c.reason}</div>}
              </td>
              <td>{c.requestedBy}</td>
              <td>{c.confirmedBy ? `${c.confirmedBy} ${clock(language, c.confirmedAt)}` : '—'}</td>
              <td data-testid="command-status">{t(`field.cmd.status.${c.status}`)}</td>
              <td>
                {c.reply ? `${c.reply.status}${c.reply.code ? ` ${c.reply.code}` : ''}${c.reply.reason ? `: ${c.reply.reason}` : ''} ${clock(language, c.reply.at)}` : '—'}
                {c.reply?.duplicate && <div className="muted">{t('field.cmd.duplicate')}</div>}
              </td>
              <td>
                {c.status === 'awaitingConfirmation' && canConfirm && (
                  <span className="row">
                    <button type="button" data-testid="command-confirm" onClick={() => void act('field.confirm', c)}>
                      {t('field.cmd.confirm')}
                    </button>
                    <button type="button" onClick={() => void act('field.reject', c)}>
                      {t('field.cmd.reject')}
                    </button>
                  </span>
                )}
                {c.status === 'timeout' && canOperate && (
                  <button type="button" onClick={() => void act('field.retry', c)}>
                    {t('field.cmd.retry')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function describeOp(record: CommandRecord): string {
  const { type, ...rest } = record.op;
  const args = Object.entries(rest)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v).slice(0, 40) : String(v)}`)
    .join(' ');
  return args ? `${type} ${args}` : type;
}
