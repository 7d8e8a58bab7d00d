import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { api, call } from '../api/client';
import type { ApiProblem } from '../api/problem';
import { useAuth } from '../auth/AuthContext';
import { describedBy, Field, ProblemBanner } from '../components/ui';
import { useFormProblem } from '../lib/formProblem';
import { newAccountPasswordHint } from '../lib/passwordHints';

const fields = ['firstName', 'lastName', 'email', 'password'] as const;

export function SignUp() {
  const { user } = useAuth();
  const navigate = useNavigate();
  const [form, setForm] = useState({ firstName: '', lastName: '', email: '', password: '' });
  const [busy, setBusy] = useState(false);
  const { problem, setProblem, err, edited } = useFormProblem();

  if (user) return <Navigate to="/" replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      await call(api.POST('/api/v1/auth/register', { body: form }));
      navigate('/check-email', { replace: true, state: { email: form.email.trim() } });
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  const input = (name: (typeof fields)[number], label: string, type: string, autoComplete: string, hint?: string) => {
    const error = err(name);
    return (
      <Field id={name} label={label} error={error} hint={hint}>
        <input id={name} type={type} autoComplete={autoComplete} value={form[name]} required
          onChange={(e) => { setForm({ ...form, [name]: e.target.value }); edited(name); }}
          aria-invalid={!!error} aria-describedby={describedBy(name, error, hint)} />
      </Field>
    );
  };

  return (
    <div className="auth-card card">
      <h1>Create your account</h1>
      <p className="muted">Use the email you gave when you certified: once you confirm it, we find your certification for you.</p>
      <form onSubmit={submit} noValidate>
        <ProblemBanner problem={problem} shownFields={fields} />
        <div className="grid-2">
          {input('firstName', 'First name', 'text', 'given-name')}
          {input('lastName', 'Last name', 'text', 'family-name')}
        </div>
        {input('email', 'Email', 'email', 'email')}
        {input('password', 'Password', 'password', 'new-password', newAccountPasswordHint)}
        <button className="button button--primary button--block" type="submit" disabled={busy}>
          {busy ? 'Creating account…' : 'Create account'}
        </button>
      </form>
      <p className="auth-card__switch">
        Already registered? <Link to="/sign-in">Sign in</Link>
      </p>
    </div>
  );
}
