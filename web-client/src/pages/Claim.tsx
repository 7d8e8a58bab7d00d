import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, call } from '../api/client';
import type { ApiProblem } from '../api/problem';
import { useFormProblem } from '../lib/formProblem';
import { useAuth } from '../auth/AuthContext';
import { describedBy, Field, PageHeader, ProblemBanner } from '../components/ui';
import { ResendLink } from './Account';

export function Claim() {
  const { user } = useAuth();
  const [number, setNumber] = useState('');
  const [lastName, setLastName] = useState(user?.lastName ?? '');
  const [busy, setBusy] = useState(false);
  const { problem, setProblem, err, edited } = useFormProblem();
  const [pending, setPending] = useState<{ number: string; message: string }>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const answer = await call(api.POST('/api/v1/me/certifications', { body: { number: number.trim(), lastName: lastName.trim() } }));
      setPending({ number: number.trim().toUpperCase(), message: answer.message });
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  const hasOne = (user?.certificationNumbers.length ?? 0) > 0;
  if (pending) {
    return (
      <div className="narrow">
        <PageHeader title="Check your email" subtitle={`Your claim of ${pending.number} is on its way.`} />
        <section className="card stack" aria-label="Claim sent">
          <p role="status">{pending.message}</p>
          <p className="muted">The link works for 24 hours, once, and only in this account. Nothing changes until it is opened.</p>
          <div>
            <button type="button" className="button" onClick={() => { setPending(undefined); setNumber(''); }}>Claim another number</button>
          </div>
        </section>
      </div>
    );
  }

  return (
    <div className="narrow">
      <PageHeader
        title="Claim your certification"
        subtitle={hasOne ? 'Add another certification you hold to this account.' : 'Your account has no certification yet. Ask for it with the number on your certificate and your last name: we email a confirmation link to the address we have on file for it.'}
      />
      {user && !user.emailVerified && (
        <section className="banner banner--info stack" aria-label="Confirm your email">
          <p>
            <strong>Confirm your email first.</strong> Certifications issued to {user.email} join your account as soon as you open the link we emailed you.
          </p>
          <ResendLink />
        </section>
      )}
      <form className="card" onSubmit={submit} noValidate>
        <ProblemBanner problem={problem} shownFields={['number', 'lastName']} />
        <Field id="claim-number" label="Certification number" hint="As printed on your certificate, e.g. CPT-100001." error={err('number')}>
          <input id="claim-number" value={number} onChange={(e) => { setNumber(e.target.value); edited('number'); }} required autoComplete="off"
            aria-invalid={!!err('number')} aria-describedby={describedBy('claim-number', err('number'), 'x')} />
        </Field>
        <Field id="claim-last-name" label="Last name on the certification" error={err('lastName')}>
          <input id="claim-last-name" value={lastName} onChange={(e) => { setLastName(e.target.value); edited('lastName'); }} required autoComplete="family-name"
            aria-invalid={!!err('lastName')} aria-describedby={describedBy('claim-last-name', err('lastName'))} />
        </Field>
        <button className="button button--primary" type="submit" disabled={busy}>
          {busy ? 'Claiming…' : 'Claim certification'}
        </button>
      </form>
      <p className="muted">Can’t find your number? Our advisors can help — see <Link to="/help">Help</Link>.</p>
    </div>
  );
}
