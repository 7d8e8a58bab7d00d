import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, call, type Certification } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { describedBy, Field, PageHeader, ProblemBanner } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { useFormProblem } from '../../lib/formProblem';

const fields = ['number', 'credential', 'firstName', 'lastName', 'email', 'cycleStart', 'expiresOn'] as const;
type FormState = Record<(typeof fields)[number], string>;
const empty: FormState = { number: '', credential: 'CPT', firstName: '', lastName: '', email: '', cycleStart: '', expiresOn: '' };

export function StaffRegister() {
  const [form, setForm] = useState<FormState>(empty);
  const [busy, setBusy] = useState(false);
  const { problem, setProblem, err, edited } = useFormProblem();
  const [created, setCreated] = useState<Certification>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing: Record<string, string[]> = {};
    if (!form.cycleStart) missing.cycleStart = ['Enter the first day of the current cycle.'];
    if (!form.expiresOn) missing.expiresOn = ['Enter the last day the certification is valid.'];
    if (Object.keys(missing).length > 0) {
      setProblem(new ApiProblem(400, { title: 'Please correct the fields marked below.', errors: missing }));
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      const certification = await call(api.POST('/api/v1/certifications', { body: form }));
      setCreated(certification);
      setForm(empty);
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  const input = (name: (typeof fields)[number], label: string, type = 'text', hint?: string) => {
    const id = `reg-${name}`;
    const error = err(name);
    return (
      <Field id={id} label={label} error={error} hint={hint}>
        <input id={id} type={type} value={form[name]} onChange={(e) => { setForm({ ...form, [name]: e.target.value }); edited(name); }}
          aria-invalid={!!error} aria-describedby={describedBy(id, error, hint)} />
      </Field>
    );
  };

  return (
    <div className="stack narrow">
      <PageHeader title="Register a certification" subtitle="If the email is the confirmed address of a certificant’s account, the certification appears in it at once; otherwise its holder claims it by number and last name and confirms from this email (without one, claims come to the Claims queue)." />
      {created && (
        <div className="banner banner--ok" role="status">
          Registered <Link to={`/staff/certifications/${encodeURIComponent(created.number)}`}>{created.number}</Link> for {created.holder.firstName}{' '}
          {created.holder.lastName}, expiring {formatDate(created.expiresOn)}.
        </div>
      )}
      <form className="card" onSubmit={submit} noValidate>
        <ProblemBanner problem={problem} shownFields={fields} />
        <div className="grid-2">
          {input('number', 'Certification number')}
          {input('credential', 'Credential')}
          {input('firstName', 'First name')}
          {input('lastName', 'Last name')}
        </div>
        {input('email', 'Email', 'email', 'Optional. Claims are confirmed by a link sent here.')}
        <div className="grid-2">
          {input('cycleStart', 'Cycle start', 'date')}
          {input('expiresOn', 'Expires on (last valid day)', 'date')}
        </div>
        <div className="form-actions">
          <button className="button button--primary" type="submit" disabled={busy}>{busy ? 'Registering…' : 'Register'}</button>
        </div>
      </form>
    </div>
  );
}
