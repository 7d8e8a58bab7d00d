import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { describedBy, Field, PageHeader } from '../../components/ui';

export function StaffLookup() {
  const navigate = useNavigate();
  const [number, setNumber] = useState('');
  const [error, setError] = useState<string>();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!number.trim()) {
      setError('Enter a certification number.');
      return;
    }
    navigate(`/staff/certifications/${encodeURIComponent(number.trim())}`);
  }

  return (
    <div className="stack narrow">
      <PageHeader title="Look up a certification" subtitle="Find a certificant’s cycle, CE transcript, eligibility and applications by certification number." />
      <form className="card lookup" onSubmit={submit} noValidate role="search">
        <Field id="lookup-number" label="Certification number" error={error}>
          <input id="lookup-number" value={number} onChange={(e) => { setNumber(e.target.value); setError(undefined); }} placeholder="CPT-100001"
            autoComplete="off" aria-invalid={!!error} aria-describedby={describedBy('lookup-number', error)} />
        </Field>
        <button className="button button--primary" type="submit">Look up</button>
      </form>
      <p className="muted">Not registered yet? <Link to="/staff/register">Register a certification</Link>.</p>
    </div>
  );
}
