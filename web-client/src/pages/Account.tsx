import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../api/client';
import { ApiProblem } from '../api/problem';
import { useAuth } from '../auth/AuthContext';
import { describedBy, Field, Loading, PageHeader, ProblemBanner } from '../components/ui';
import { useFormProblem } from '../lib/formProblem';

/** "Send a new link": to the signed-in account, or to the address typed in. */
export function ResendLink({ initialEmail = '' }: { initialEmail?: string }) {
  const { user } = useAuth();
  const [email, setEmail] = useState(initialEmail);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<string>();
  const { problem, setProblem, err, edited } = useFormProblem();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    setSent(undefined);
    try {
      const answer = await call(api.POST('/api/v1/auth/verify-email/resend', { body: { email: user ? null : email.trim() } }));
      setSent(answer.message);
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="stack" aria-label="Send a new link">
      <ProblemBanner problem={problem} shownFields={['email']} />
      {!user && (
        <Field id="resend-email" label="Email" error={err('email')}>
          <input id="resend-email" type="email" autoComplete="email" value={email} onChange={(e) => { setEmail(e.target.value); edited('email'); }} required
            aria-invalid={!!err('email')} aria-describedby={describedBy('resend-email', err('email'))} />
        </Field>
      )}
      {sent && <p className="banner banner--ok" role="status">{sent}</p>}
      <div>
        <button className="button" type="submit" disabled={busy}>{busy ? 'Sending…' : 'Send a new link'}</button>
      </div>
    </form>
  );
}

/** After sign-up: the same page whether or not the address already had an account. */
export function CheckEmail() {
  const location = useLocation();
  const email = (location.state as { email?: string } | null)?.email ?? '';
  return (
    <div className="auth-card card">
      <h1>Check your email</h1>
      <p>
        We sent a link to {email ? <strong>{email}</strong> : 'your address'}. Open it within 24 hours to confirm the address;
        certifications issued to it then appear in your account.
      </p>
      <p className="muted">You can already sign in. If no email arrives within a few minutes, check your spam folder or send a new link.</p>
      <p><Link className="button button--primary button--block" to="/sign-in">Sign in</Link></p>
      <ResendLink initialEmail={email} />
    </div>
  );
}

type Outcome = { state: 'working' } | { state: 'done'; email: string; numbers: string[] } | { state: 'failed'; problem: ApiProblem };

/** The page a verification (or change-of-address) email links to. */
export function VerifyEmail() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { user, refresh } = useAuth();
  const [outcome, setOutcome] = useState<Outcome>({ state: 'working' });
  const sent = useRef(false);

  useEffect(() => {
    // Once only: a token works once, and React may run effects twice in development.
    if (sent.current) return;
    sent.current = true;
    if (!token) {
      setOutcome({ state: 'failed', problem: new ApiProblem(400, { title: 'The link is not valid.', detail: 'This link has no token. Copy the whole link from the email, or ask for a new one.' }) });
      return;
    }
    call(api.POST('/api/v1/auth/verify-email', { body: { token } }))
      .then(async (verified) => {
        setOutcome({ state: 'done', email: verified.email, numbers: verified.linkedCertificationNumbers });
        await refresh();
      })
      .catch((cause: unknown) => setOutcome({ state: 'failed', problem: cause as ApiProblem }));
  }, [token, refresh]);

  if (outcome.state === 'working') return <Loading label="Confirming your email…" />;
  if (outcome.state === 'failed') {
    return (
      <div className="auth-card card">
        <h1>{outcome.problem.status === 410 ? 'This link can no longer be used' : 'This link does not work'}</h1>
        <ProblemBanner problem={outcome.problem} />
        <p className="muted">Links work once and for 24 hours. Ask for a new one:</p>
        <ResendLink />
      </div>
    );
  }
  return (
    <div className="auth-card card">
      <h1>Email confirmed</h1>
      <p><strong>{outcome.email}</strong> is confirmed.</p>
      {outcome.numbers.length > 0 ? (
        <p>Your account now holds {outcome.numbers.join(', ')}.</p>
      ) : (
        <p className="muted">No certification was issued to this address. You can claim yours with its number.</p>
      )}
      <p>
        <Link className="button button--primary button--block" to={user ? '/' : '/sign-in'}>{user ? 'Continue' : 'Sign in'}</Link>
      </p>
    </div>
  );
}

/** The page a claim-confirmation email links to; the claimant must be signed in (the route sees to that). */
export function ConfirmClaim() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { refresh } = useAuth();
  const navigate = useNavigate();
  const [problem, setProblem] = useState<ApiProblem>();
  const sent = useRef(false);

  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    call(api.POST('/api/v1/me/certifications/confirm', { body: { token } }))
      .then(async (certification) => {
        await refresh();
        navigate(`/certifications/${encodeURIComponent(certification.number)}`, { replace: true });
      })
      .catch((cause: unknown) => setProblem(cause as ApiProblem));
  }, [token, refresh, navigate]);

  if (!problem) return <Loading label="Linking the certification…" />;
  return (
    <div className="narrow">
      <PageHeader title="The certification was not linked" />
      <section className="card stack">
        <ProblemBanner problem={problem} />
        <p className="muted">
          Open the link while signed in to the account that asked for the certification. A link works once and for 24 hours;
          to get a new one, claim the certification again.
        </p>
        <p><Link className="button button--primary" to="/claim">Claim again</Link></p>
      </section>
    </div>
  );
}

/** The account's address and its change, a section of the account page (pages/Passwords.tsx). */
export function AccountEmailSections() {
  const { user } = useAuth();
  const [newEmail, setNewEmail] = useState('');
  const [currentPassword, setCurrentPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<string>();
  const { problem, setProblem, err, edited } = useFormProblem();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    setSent(undefined);
    try {
      const answer = await call(api.PUT('/api/v1/me/email', { body: { newEmail: newEmail.trim(), currentPassword } }));
      setSent(answer.message);
      setCurrentPassword('');
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  if (!user) return null;
  return (
    <>
      <section className="card stack" aria-labelledby="address-heading">
        <h2 id="address-heading">Email address</h2>
        <p>
          <strong>{user.email}</strong>{' '}
          {user.emailVerified ? <span className="muted">(confirmed)</span> : <span className="muted">(not confirmed yet)</span>}
        </p>
        {!user.emailVerified && (
          <>
            <p className="muted">Certifications issued to this address join your account once you open the link we emailed you.</p>
            <ResendLink />
          </>
        )}
      </section>
      <form className="card stack" onSubmit={submit} noValidate aria-labelledby="change-heading">
        <h2 id="change-heading">Change email address</h2>
        <p className="muted">We send a link to the new address; your account keeps the current one until you open it, and we tell the current address.</p>
        <ProblemBanner problem={problem} shownFields={['newEmail', 'currentPassword']} />
        <Field id="new-email" label="New email" error={err('newEmail')}>
          <input id="new-email" type="email" autoComplete="email" value={newEmail} onChange={(e) => { setNewEmail(e.target.value); edited('newEmail'); }} required
            aria-invalid={!!err('newEmail')} aria-describedby={describedBy('new-email', err('newEmail'))} />
        </Field>
        <Field id="current-password" label="Current password" error={err('currentPassword')}>
          <input id="current-password" type="password" autoComplete="current-password" value={currentPassword} onChange={(e) => { setCurrentPassword(e.target.value); edited('currentPassword'); }} required
            aria-invalid={!!err('currentPassword')} aria-describedby={describedBy('current-password', err('currentPassword'))} />
        </Field>
        {sent && <p className="banner banner--ok" role="status">{sent}</p>}
        <div>
          <button className="button button--primary" type="submit" disabled={busy}>{busy ? 'Sending…' : 'Send confirmation link'}</button>
        </div>
      </form>
    </>
  );
}
