import { useState, type FormEvent } from 'react';
import { rpc } from '../../bridge';
import { useT } from '../../i18n';
import { describeError } from '../notify/notify-store';
import { LanguageSwitch } from '../settings/LanguageSwitch';
import { useAuth } from './auth-store';
import { Field } from './Field';

function useSubmit<T>(action: () => Promise<T>, onDone: (value: T) => void) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(await action());
    } catch (err) {
      setError(describeError(t, err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, submit };
}

function AuthCard({ title, intro, children }: { title: string; intro?: string; children: React.ReactNode }) {
  const t = useT();
  return (
    <main className="auth-screen">
      <div className="auth-card" role="group" aria-labelledby="auth-title">
        <div className="auth-brand">
          <span className="brand-mark" aria-hidden="true">
            IOC
          </span>
          <span>{t('app.title')}</span>
          <LanguageSwitch />
        </div>
        <h1 id="auth-title">{title}</h1>
        {intro ? <p className="muted">{intro}</p> : null}
        {children}
      </div>
    </main>
  );
}

export function SetupScreen() {
  const t = useT();
  const setAuth = useAuth((s) => s.set);
  const [form, setForm] = useState({ username: '', displayName: '', password: '', confirm: '' });
  const { busy, error, setError, submit } = useSubmit(
    () => rpc('auth.setupAdmin', { username: form.username, displayName: form.displayName, password: form.password }),
    setAuth,
  );
  const onSubmit = (e: FormEvent) => {
    if (form.password !== form.confirm) {
      e.preventDefault();
      setError(t('auth.passwordMismatch'));
      return;
    }
    void submit(e);
  };
  const bind = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [key]: e.target.value }),
  });
  return (
    <AuthCard title={t('auth.setup.title')} intro={t('auth.setup.intro')}>
      <form onSubmit={onSubmit} data-testid="setup-form">
        <Field label={t('auth.username')} name="username" autoComplete="username" required autoFocus {...bind('username')} />
        <Field label={t('auth.displayName')} name="displayName" autoComplete="name" required {...bind('displayName')} />
        <Field label={t('auth.password')} name="password" type="password" autoComplete="new-password" required minLength={10} hint={t('auth.passwordHint')} {...bind('password')} />
        <Field label={t('auth.passwordConfirm')} name="confirm" type="password" autoComplete="new-password" required {...bind('confirm')} />
        {error ? <p className="form-error" role="alert">{error}</p> : null}
        <button type="submit" className="primary" disabled={busy}>
          {t('auth.setup.submit')}
        </button>
      </form>
    </AuthCard>
  );
}

export function LoginScreen() {
  const t = useT();
  const setAuth = useAuth((s) => s.set);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, submit } = useSubmit(() => rpc('auth.login', { username, password }), (state) => {
    setPassword('');
    setAuth(state);
  });
  return (
    <AuthCard title={t('auth.login.title')}>
      <form onSubmit={submit} data-testid="login-form">
        <Field label={t('auth.username')} name="username" autoComplete="username" required autoFocus value={username} onChange={(e) => setUsername(e.target.value)} />
        <Field label={t('auth.password')} name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        {error ? <p className="form-error" role="alert">{error}</p> : null}
        <button type="submit" className="primary" disabled={busy}>
          {t('auth.login.submit')}
        </button>
      </form>
    </AuthCard>
  );
}

export function LockScreen({ displayName }: { displayName: string }) {
  const t = useT();
  const setAuth = useAuth((s) => s.set);
  const [password, setPassword] = useState('');
  const { busy, error, submit } = useSubmit(() => rpc('auth.unlock', { password }), (state) => {
    setPassword('');
    setAuth(state);
  });
  const logout = async () => setAuth(await rpc('auth.logout', {}));
  return (
    <AuthCard title={t('auth.locked.title')} intro={t('auth.locked.intro', { name: displayName })}>
      <form onSubmit={submit} data-testid="unlock-form">
        <Field label={t('auth.password')} name="password" type="password" autoComplete="current-password" required autoFocus value={password} onChange={(e) => setPassword(e.target.value)} />
        {error ? <p className="form-error" role="alert">{error}</p> : null}
        <div className="row">
          <button type="submit" className="primary" disabled={busy}>
            {t('auth.unlock')}
          </button>
          <button type="button" onClick={() => void logout()}>
            {t('auth.switchUser')}
          </button>
        </div>
      </form>
    </AuthCard>
  );
}
