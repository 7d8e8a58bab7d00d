import { useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { api, call } from '../api/client';
import type { ApiProblem } from '../api/problem';
import { useAuth } from '../auth/AuthContext';
import { describedBy, Field, ProblemBanner } from '../components/ui';
import { useFormProblem } from '../lib/formProblem';
import { safeReturnPath } from '../lib/returnTo';

export function SignIn() {
  const { user, setUser } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const { problem, setProblem, err, edited } = useFormProblem();

  // The page asked for before signing in (RequireSignedIn/RequireRole put it in the state), if it is one of ours.
  const from = safeReturnPath((location.state as { from?: unknown } | null)?.from);
  if (user) return <Navigate to={from ?? '/'} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const answer = await call(api.POST('/api/v1/auth/login', { body: { email, password } }));
      // Staff continue with their authenticator app: a 202 says which step.
      if ('step' in answer) {
        navigate(answer.step === 'enrol' ? '/sign-in/mfa/enrol' : '/sign-in/mfa', { replace: true, state: from ? { from } : undefined });
        return;
      }
      setUser(answer);
      navigate(from ?? '/', { replace: true });
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="auth-card card">
      <h1>Sign in</h1>
      <p className="muted">Track your CEUs, CPR/AED card and renewal in one place.</p>
      {(location.state as { notice?: string } | null)?.notice && <p role="status" className="notice notice--ok">{(location.state as { notice: string }).notice}</p>}
      <form onSubmit={submit} noValidate>
        <ProblemBanner problem={problem} shownFields={['email', 'password']} />
        <Field id="email" label="Email" error={err('email')}>
          <input id="email" type="email" autoComplete="email" value={email} onChange={(e) => { setEmail(e.target.value); edited('email'); }}
            required aria-invalid={!!err('email')} aria-describedby={describedBy('email', err('email'))} />
        </Field>
        <Field id="password" label="Password" error={err('password')}>
          <input id="password" type="password" autoComplete="current-password" value={password} onChange={(e) => { setPassword(e.target.value); edited('password'); }}
            required aria-invalid={!!err('password')} aria-describedby={describedBy('password', err('password'))} />
        </Field>
        <button className="button button--primary button--block" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="auth-card__switch">
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
      <p className="auth-card__switch">
        New here? <Link to="/sign-up">Create an account</Link>
      </p>
    </div>
  );
}
