import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { safeReturnPath } from '../lib/returnTo';
import { api, call, type Schemas } from '../api/client';
import { ApiProblem } from '../api/problem';
import { useAuth } from '../auth/AuthContext';
import { describedBy, Field, Loading, ProblemBanner } from '../components/ui';
import { useFormProblem } from '../lib/formProblem';

type Enrolment = Schemas['MfaEnrolmentResponse'];

/** Staff, first sign-in: scan the QR code (or type the key), confirm with a code, keep the recovery codes. */
export function MfaEnrol() {
  const { setUser } = useAuth();
  const navigate = useNavigate();
  const [enrolment, setEnrolment] = useState<Enrolment>();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const { problem, setProblem, err, edited } = useFormProblem();
  const [recovery, setRecovery] = useState<{ codes: string[]; user: Schemas['UserResponse'] }>();

  useEffect(() => {
    call(api.POST('/api/v1/auth/mfa/enrolment')).then(setEnrolment, (cause) => setProblem(cause as ApiProblem));
  }, []);

  async function confirm(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const enrolled = await call(api.POST('/api/v1/auth/mfa/enrolment/confirm', { body: { code } }));
      setRecovery({ codes: enrolled.recoveryCodes, user: enrolled.user });
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  if (recovery) {
    return (
      <div className="auth-card card">
        <h1>Keep your recovery codes</h1>
        <p>Each code signs you in once if you lose your phone. They are shown only now: print them or keep them in a password manager.</p>
        <ol className="recovery-codes" aria-label="Recovery codes">
          {recovery.codes.map((c) => <li key={c}><code>{c}</code></li>)}
        </ol>
        <button className="button button--primary button--block" type="button" onClick={() => { setUser(recovery.user); navigate('/staff', { replace: true }); }}>
          I have saved them — continue
        </button>
      </div>
    );
  }

  if (problem?.status === 401) return <SignInAgain />;
  if (!enrolment && !problem) return <Loading label="Preparing your set-up…" />;

  return (
    <div className="auth-card card">
      <h1>Set up two-step sign-in</h1>
      <p className="muted">Staff accounts need a code from an authenticator app at every sign-in. Scan this QR code with the app, then enter the code it shows.</p>
      {enrolment && (
        <>
          <img className="mfa-qr" src={enrolment.qrCode} alt="QR code for your authenticator app" width={240} height={240} />
          <p>Cannot scan? Enter this key: <code data-testid="mfa-manual-key">{enrolment.manualKey}</code></p>
        </>
      )}
      <form onSubmit={confirm} noValidate>
        <ProblemBanner problem={problem} shownFields={['code']} />
        <Field id="code" label="Code from the app" error={err('code')}>
          <input id="code" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => { setCode(e.target.value); edited('code'); }} required
            aria-invalid={!!err('code')} aria-describedby={describedBy('code', err('code'))} />
        </Field>
        <button className="button button--primary button--block" type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Confirm'}
        </button>
      </form>
    </div>
  );
}

/** Staff, every sign-in: the code from the authenticator app, or a recovery code. */
export function MfaVerify() {
  const { setUser } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const from = safeReturnPath((location.state as { from?: unknown } | null)?.from);
  const [useRecovery, setUseRecovery] = useState(false);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const { problem, setProblem, err, edited } = useFormProblem();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const body = useRecovery ? { code: null, recoveryCode: value } : { code: value, recoveryCode: null };
      const me = await call(api.POST('/api/v1/auth/mfa/verify', { body }));
      setUser(me);
      navigate(from ?? '/staff', { replace: true });
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  if (problem?.status === 401) return <SignInAgain />;
  const field = useRecovery ? 'recoveryCode' : 'code';

  return (
    <div className="auth-card card">
      <h1>Enter your code</h1>
      <p className="muted">{useRecovery ? 'Enter one of your recovery codes. Each works once.' : 'Open your authenticator app and enter the 6-digit code for Recert.'}</p>
      <form onSubmit={submit} noValidate>
        <ProblemBanner problem={problem} shownFields={[field]} />
        <Field id={field} label={useRecovery ? 'Recovery code' : 'Code'} error={err(field)}>
          <input id={field} inputMode={useRecovery ? 'text' : 'numeric'} autoComplete="one-time-code" value={value} onChange={(e) => { setValue(e.target.value); edited(field); }} required
            aria-invalid={!!err(field)} aria-describedby={describedBy(field, err(field))} />
        </Field>
        <button className="button button--primary button--block" type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Verify'}
        </button>
      </form>
      <p className="auth-card__switch">
        <button type="button" className="link-button" onClick={() => { setUseRecovery(!useRecovery); setValue(''); setProblem(undefined); }}>
          {useRecovery ? 'Use the code from the app' : 'Use a recovery code instead'}
        </button>
      </p>
    </div>
  );
}

function SignInAgain() {
  return (
    <div className="auth-card card">
      <h1>Sign in again</h1>
      <p role="alert">This sign-in has ended (too many wrong codes, or more than 10 minutes passed). Start again with your password.</p>
      <Link className="button button--primary button--block" to="/sign-in">Sign in</Link>
    </div>
  );
}
