import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, call } from '../api/client';
import { ApiProblem } from '../api/problem';
import { useAuth } from '../auth/AuthContext';
import { describedBy, Field, PageHeader, ProblemBanner } from '../components/ui';

export function Claim() {
  const { user, refresh } = useAuth();
  const navigate = useNavigate();
  const [number, setNumber] = useState('');
  const [lastName, setLastName] = useState(user?.lastName ?? '');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const claimed = await call(api.POST('/api/v1/me/certifications', { body: { number: number.trim(), lastName: lastName.trim() } }));
      await refresh();
      navigate(`/certifications/${encodeURIComponent(claimed.number)}`);
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  const hasOne = (user?.certificationNumbers.length ?? 0) > 0;
  return (
    <div className="narrow">
      <PageHeader
        title="Claim your certification"
        subtitle={hasOne ? 'Add another certification you hold to this account.' : 'Your account has no certification yet. Link it with the number on your certificate and your last name.'}
      />
      <form className="card" onSubmit={submit} noValidate>
        <ProblemBanner problem={problem} shownFields={['number', 'lastName']} />
        <Field id="claim-number" label="Certification number" hint="As printed on your certificate, e.g. CPT-100001." error={problem?.field('number')}>
          <input id="claim-number" value={number} onChange={(e) => setNumber(e.target.value)} required autoComplete="off"
            aria-invalid={!!problem?.field('number')} aria-describedby={describedBy('claim-number', problem?.field('number'), 'x')} />
        </Field>
        <Field id="claim-last-name" label="Last name on the certification" error={problem?.field('lastName')}>
          <input id="claim-last-name" value={lastName} onChange={(e) => setLastName(e.target.value)} required autoComplete="family-name"
            aria-invalid={!!problem?.field('lastName')} aria-describedby={describedBy('claim-last-name', problem?.field('lastName'))} />
        </Field>
        <button className="button button--primary" type="submit" disabled={busy}>
          {busy ? 'Claiming…' : 'Claim certification'}
        </button>
      </form>
      <p className="muted">Can’t find your number? Our advisors can help — see <Link to="/help">Help</Link>.</p>
    </div>
  );
}
