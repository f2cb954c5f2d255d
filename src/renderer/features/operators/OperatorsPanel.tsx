import { useEffect, useState, type FormEvent } from 'react';
import { roles, type Role } from '../../../shared/domain/roles';
import { rpc } from '../../bridge';
import { useT } from '../../i18n';
import { Field } from '../auth/Field';
import { notifyError, useNotify } from '../notify/notify-store';
import { useOperators } from './operators-store';

export function OperatorsPanel() {
  const t = useT();
  const push = useNotify((s) => s.push);
  const { operators, error, reload } = useOperators();
  const [form, setForm] = useState({ username: '', displayName: '', role: 'operator' as Role, password: '' });

  useEffect(() => void reload(), [reload]);
  useEffect(() => {
    if (error) notifyError(t, error);
  }, [error, t]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const created = await rpc('operators.create', form);
      push('info', t('operators.created', { username: created.username }));
      setForm({ username: '', displayName: '', role: 'operator', password: '' });
      await reload();
    } catch (err) {
      notifyError(t, err);
    }
  };

  const update = async (patch: { id: string; role?: Role; disabled?: boolean }) => {
    try {
      await rpc('operators.update', patch);
      push('info', t('operators.saved'));
      await reload();
    } catch (err) {
      notifyError(t, err);
    }
  };

  return (
    <section className="panel" aria-labelledby="operators-title" data-testid="operators-panel">
      <h2 id="operators-title">{t('operators.title')}</h2>
      <table className="table">
        <thead>
          <tr>
            <th>{t('auth.username')}</th>
            <th>{t('auth.displayName')}</th>
            <th>{t('operators.role')}</th>
            <th>{t('operators.disabled')}</th>
          </tr>
        </thead>
        <tbody>
          {operators.map((op) => (
            <tr key={op.id} data-testid={`operator-row-${op.username}`}>
              <td>{op.username}</td>
              <td>{op.displayName}</td>
              <td>
                <select aria-label={`${t('operators.role')} ${op.username}`} value={op.role} onChange={(e) => void update({ id: op.id, role: e.target.value as Role })}>
                  {roles.map((r) => (
                    <option key={r} value={r}>
                      {t(`role.${r}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <button type="button" onClick={() => void update({ id: op.id, disabled: !op.disabled })}>
                  {op.disabled ? t('operators.enable') : t('operators.disable')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="inline-form" onSubmit={create} data-testid="operator-create-form">
        <h3>{t('operators.create')}</h3>
        <Field label={t('auth.username')} name="new-username" required value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} />
        <Field label={t('auth.displayName')} name="new-displayName" required value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} />
        <div className="field">
          <label htmlFor="new-role">{t('operators.role')}</label>
          <select id="new-role" name="new-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <Field label={t('auth.password')} name="new-password" type="password" autoComplete="new-password" required minLength={10} hint={t('auth.passwordHint')} value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} />
        <button type="submit" className="primary">
          {t('operators.create')}
        </button>
      </form>
    </section>
  );
}
