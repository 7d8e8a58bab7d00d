import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../api/client';
import type { ApiProblem } from '../api/problem';
import { useFormProblem } from '../lib/formProblem';
import { useAuth } from '../auth/AuthContext';
import { describedBy, Field, PageHeader, ProblemBanner } from '../components/ui';
import { AccountEmailSections } from './Account';
import { passwordHint } from '../lib/passwordHints';

export function ForgotPassword() {
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const { problem, setProblem, err, edited } = useFormProblem();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      await call(api.POST('/api/v1/auth/password/forgot', { body: { email } }));
      setSent(true);
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="auth-card card">
      <h1>Forgot your password?</h1>
      {sent ? (
        <p role="status">
          If an account uses <strong>{email}</strong>, we sent it a link to choose a new password. The link works once, within one hour.
        </p>
      ) : (
        <form onSubmit={submit} noValidate>
          <p className="muted">Enter the email of your account and we will send you a link to choose a new password.</p>
          <ProblemBanner problem={problem} shownFields={['email']} />
          <Field id="email" label="Email" error={err('email')}>
            <input id="email" type="email" autoComplete="email" value={email} onChange={(e) => { setEmail(e.target.value); edited('email'); }} required
              aria-invalid={!!err('email')} aria-describedby={describedBy('email', err('email'))} />
          </Field>
          <button className="button button--primary button--block" type="submit" disabled={busy}>
            {busy ? 'Sending…' : 'Send the link'}
          </button>
        </form>
      )}
      <p className="auth-card__switch">
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </div>
  );
}

export function ResetPassword() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const { problem, setProblem, err, edited } = useFormProblem();
  const linkDead = !token || (problem && (problem.status === 410 || problem.code === 'token.invalid'));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      await call(api.POST('/api/v1/auth/password/reset', { body: { token, password } }));
      navigate('/sign-in', { replace: true, state: { notice: 'Your password is changed. Sign in with the new one.' } });
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  if (linkDead) {
    return (
      <div className="auth-card card">
        <h1>This link can no longer be used</h1>
        <p role="alert">{problem?.detail ?? 'This reset link is not complete. Ask for a new one.'}</p>
        <Link className="button button--primary button--block" to="/forgot-password">Send a new link</Link>
      </div>
    );
  }

  return (
    <div className="auth-card card">
      <h1>Choose a new password</h1>
      <form onSubmit={submit} noValidate>
        <ProblemBanner problem={problem} shownFields={['password']} />
        <Field id="password" label="New password" hint={passwordHint} error={err('password')}>
          <input id="password" type="password" autoComplete="new-password" value={password} onChange={(e) => { setPassword(e.target.value); edited('password'); }} required
            aria-invalid={!!err('password')} aria-describedby={describedBy('password', err('password'), passwordHint)} />
        </Field>
        <button className="button button--primary button--block" type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save the new password'}
        </button>
      </form>
    </div>
  );
}

/** The account page: change the password, sign out everywhere. */
export function Account() {
  const { user, setUser } = useAuth();
  const navigate = useNavigate();
  const [form, setForm] = useState({ currentPassword: '', newPassword: '' });
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const { problem, setProblem, err, edited } = useFormProblem();

  async function change(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    setDone(false);
    try {
      await call(api.POST('/api/v1/auth/password/change', { body: form }));
      setForm({ currentPassword: '', newPassword: '' });
      setDone(true);
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  async function everywhere() {
    await call(api.POST('/api/v1/auth/sign-out-everywhere'));
    setUser(null);
    navigate('/sign-in', { replace: true });
  }

  return (
    <>
      <PageHeader title="Your account" subtitle={user ? `${user.firstName} ${user.lastName}` : undefined} />
      <div className="stack">
        <AccountEmailSections />
        <section className="card stack">
          <h2>Change your password</h2>
          <form onSubmit={change} noValidate>
            <ProblemBanner problem={problem} shownFields={['currentPassword', 'newPassword']} />
            {done && <p role="status" className="notice notice--ok">Your password is changed. Your other sessions were signed out.</p>}
            <Field id="currentPassword" label="Current password" error={err('currentPassword')}>
              <input id="currentPassword" type="password" autoComplete="current-password" value={form.currentPassword}
                onChange={(e) => { setForm({ ...form, currentPassword: e.target.value }); edited('currentPassword'); }} required
                aria-invalid={!!err('currentPassword')} aria-describedby={describedBy('currentPassword', err('currentPassword'))} />
            </Field>
            <Field id="newPassword" label="New password" hint={passwordHint} error={err('newPassword')}>
              <input id="newPassword" type="password" autoComplete="new-password" value={form.newPassword}
                onChange={(e) => { setForm({ ...form, newPassword: e.target.value }); edited('newPassword'); }} required
                aria-invalid={!!err('newPassword')} aria-describedby={describedBy('newPassword', err('newPassword'), passwordHint)} />
            </Field>
            <button className="button button--primary" type="submit" disabled={busy}>
              {busy ? 'Saving…' : 'Change password'}
            </button>
          </form>
        </section>
        <section className="card stack">
          <h2>Sessions</h2>
          <p className="muted">Signed in on a shared or lost device? End every session of your account, this one included.</p>
          <button className="button" type="button" onClick={everywhere}>Sign out everywhere</button>
        </section>
        <section className="card stack" aria-labelledby="data-heading">
          <h2 id="data-heading">Your data</h2>
          <p className="muted">
            One JSON file with everything Recert holds about your account: your certifications, CE activities, CPR/AED cards,
            applications, payments, the details of your documents, notifications and sign-ins.
          </p>
          <p><a className="button" href="/api/v1/me/data-export" download data-testid="download-my-data">Download my data</a></p>
        </section>
      </div>
    </>
  );
}
