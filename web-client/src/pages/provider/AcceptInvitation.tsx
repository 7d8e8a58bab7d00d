import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { useAuth } from '../../auth/AuthContext';
import { describedBy, Field, PageHeader, ProblemBanner } from '../../components/ui';
import { useFormProblem } from '../../lib/formProblem';
import { newAccountPasswordHint } from '../../lib/passwordHints';

/** The page an invitation email links to: the invitee chooses a password, and is signed in to the provider portal. */
export function AcceptInvitation() {
  const token = useSearchParams()[0].get('token') ?? '';
  const navigate = useNavigate();
  const { setUser } = useAuth();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const { problem, setProblem, setFieldErrors, err, edited } = useFormProblem();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(undefined);
    setFieldErrors(password === confirm ? {} : { confirm: 'The two passwords are not the same.' });
    if (password !== confirm) return;
    setBusy(true);
    try {
      setUser(await call(api.POST('/api/v1/auth/accept-invitation', { body: { token, password } })));
      navigate('/provider', { replace: true });
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  const passwordError = err('password');
  const mismatch = err('confirm');
  return (
    <div className="stack narrow">
      <PageHeader title="Join your provider’s portal" subtitle="Choose the password you will sign in with. Your email address is the one the invitation was sent to." />
      {!token && <div className="banner banner--error" role="alert">This page needs the link from your invitation email.</div>}
      <form className="card stack" onSubmit={submit} noValidate aria-label="Accept the invitation">
        <ProblemBanner problem={problem} shownFields={['password']} />
        <Field id="invite-password" label="Password" hint={newAccountPasswordHint} error={passwordError}>
          <input id="invite-password" type="password" autoComplete="new-password" value={password} onChange={(e) => { setPassword(e.target.value); edited('password'); }}
            aria-invalid={!!passwordError} aria-describedby={describedBy('invite-password', passwordError, 'x')} />
        </Field>
        <Field id="invite-confirm" label="Password again" error={mismatch}>
          <input id="invite-confirm" type="password" autoComplete="new-password" value={confirm} onChange={(e) => { setConfirm(e.target.value); edited('confirm'); }}
            aria-invalid={!!mismatch} aria-describedby={describedBy('invite-confirm', mismatch)} />
        </Field>
        <div className="form-actions"><button type="submit" className="button button--primary" disabled={busy || !token}>{busy ? 'Saving…' : 'Set password and sign in'}</button></div>
      </form>
    </div>
  );
}
