import { useState, type FormEvent } from 'react';
import { api, call } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { Badge, describedBy, Field, LoadError, Loading, PageHeader, ProblemBanner } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';
import { percent } from './StaffQueues';
import { useFormProblem } from '../../lib/formProblem';

/** What the spec says staff manage besides fees: the audit rate and the accepted CPR/AED issuers. */
export function StaffSettings() {
  return (
    <div className="stack">
      <PageHeader title="Audit rate and CPR/AED issuers" subtitle="Changes apply from now on and are kept with who made them and when." />
      <AuditRateSection />
      <IssuersSection />
    </div>
  );
}

function AuditRateSection() {
  const loaded = useLoad((signal) => call(api.GET('/api/v1/staff/audits/rate', { signal })), 'rate');
  const [percentText, setPercentText] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const { problem, setProblem, err, edited } = useFormProblem();
  const [saved, setSaved] = useState<string>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const value = Number(percentText.replace('%', '').trim());
    if (percentText.trim() === '' || Number.isNaN(value) || value < 0 || value > 100) {
      setProblem(new ApiProblem(400, { title: 'Please correct the field marked below.', errors: { rate: ['Enter a percentage from 0 to 100, e.g. 10 or 12.5.'] } }));
      return;
    }
    setBusy(true);
    setProblem(undefined);
    setSaved(undefined);
    try {
      await call(api.PUT('/api/v1/staff/audits/rate', { body: { rate: Math.round(value * 100) / 10_000, reason: reason.trim() || null } }));
      setSaved(`Audit rate set to ${percent(value / 100)}; it applies to the next paid application.`);
      setPercentText('');
      setReason('');
      loaded.reload();
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  const rateError = err('rate');
  return (
    <section className="card" aria-labelledby="audit-rate-heading">
      <h2 id="audit-rate-heading">Audit rate</h2>
      {loaded.error && <LoadError problem={loaded.error} onRetry={loaded.reload} />}
      {!loaded.data && !loaded.error && <Loading height={120} />}
      {loaded.data && (
        <>
          <dl className="facts">
            <div><dt>In force</dt><dd className="facts__big" data-testid="audit-rate-current">{percent(loaded.data.configuredRate)}</dd></div>
            <div><dt>Set by</dt><dd>{loaded.data.source === 'staff' ? 'Staff' : 'Configuration (starting value)'}</dd></div>
            <div><dt>Observed</dt><dd>{loaded.data.observedRate === null ? '—' : percent(loaded.data.observedRate)} ({loaded.data.drawn} of {loaded.data.draws} drawn)</dd></div>
          </dl>
          <ProblemBanner problem={problem} shownFields={['rate', 'reason']} />
          {saved && <div className="banner banner--ok" role="status">{saved}</div>}
          <form onSubmit={submit} noValidate className="inline-form">
            <Field id="audit-rate" label="New audit rate (%)" hint="Share of paid applications drawn for audit." error={rateError}>
              <input id="audit-rate" inputMode="decimal" value={percentText}
                onChange={(e) => { setPercentText(e.target.value); edited('rate'); }}
                aria-invalid={!!rateError} aria-describedby={describedBy('audit-rate', rateError, 'x')} />
            </Field>
            <Field id="audit-rate-reason" label="Reason (optional)" error={err('reason')}>
              <input id="audit-rate-reason" value={reason} onChange={(e) => { setReason(e.target.value); edited('reason'); }} maxLength={500}
                aria-invalid={!!err('reason')} aria-describedby={describedBy('audit-rate-reason', err('reason'))} />
            </Field>
            <div className="form-actions">
              <button className="button button--primary" type="submit" disabled={busy}>{busy ? 'Saving…' : 'Set audit rate'}</button>
            </div>
          </form>
          {loaded.data.history.length > 0 && (
            <div className="table-wrap">
              <table className="table" aria-label="Audit rate changes">
                <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Change</th><th scope="col">Reason</th></tr></thead>
                <tbody>
                  {loaded.data.history.map((change) => (
                    <tr key={change.changedAt + change.rate} data-testid="audit-rate-change">
                      <td data-label="When">{formatDateTime(change.changedAt)}</td>
                      <td data-label="Who">{change.changedBy}</td>
                      <td data-label="Change">{percent(change.previousRate)} → {percent(change.rate)}</td>
                      <td data-label="Reason">{change.reason ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function IssuersSection() {
  const loaded = useLoad((signal) => call(api.GET('/api/v1/staff/cpr-aed/issuers', { signal })), 'issuers');
  const [name, setName] = useState('');
  const [editing, setEditing] = useState<string>();
  const [newName, setNewName] = useState('');
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);

  async function act(action: () => Promise<unknown>) {
    setBusy(true);
    setProblem(undefined);
    try {
      await action();
      loaded.reload();
      return true;
    } catch (cause) {
      setProblem(cause as ApiProblem);
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setProblem(new ApiProblem(400, { title: 'Please correct the field marked below.', errors: { name: ['Enter the issuer’s name.'] } }));
      return;
    }
    if (await act(() => call(api.POST('/api/v1/staff/cpr-aed/issuers', { body: { name: name.trim() } })))) setName('');
  }

  async function rename(event: FormEvent, current: string) {
    event.preventDefault();
    if (await act(() => call(api.PUT('/api/v1/staff/cpr-aed/issuers/{name}', { params: { path: { name: current } }, body: { name: newName.trim() } })))) setEditing(undefined);
  }

  const nameError = editing ? undefined : problem?.field('name');
  return (
    <section className="card" aria-labelledby="issuers-heading">
      <h2 id="issuers-heading">Accepted CPR/AED issuers</h2>
      <p className="muted small">Trainers choose from the issuers not retired. “Other” lets them name an issuer that is not listed; staff check it in an audit. Cards already on file keep the name they were recorded with.</p>
      {loaded.error && <LoadError problem={loaded.error} onRetry={loaded.reload} />}
      {!loaded.data && !loaded.error && <Loading height={160} />}
      <ProblemBanner problem={problem} shownFields={editing ? [] : ['name']} />
      {loaded.data && (
        <ul className="plain-list issuer-list">
          {loaded.data.issuers.map((issuer) => (
            <li key={issuer.name} data-testid="issuer" data-name={issuer.name}>
              {editing === issuer.name ? (
                <form onSubmit={(event) => void rename(event, issuer.name)} className="inline-form">
                  <label htmlFor="issuer-rename">New name for {issuer.name}</label>
                  <input id="issuer-rename" value={newName} onChange={(e) => setNewName(e.target.value)} maxLength={100} />
                  <button className="button button--small button--primary" type="submit" disabled={busy}>Save name</button>
                  <button className="button button--small button--ghost" type="button" onClick={() => setEditing(undefined)}>Cancel</button>
                </form>
              ) : (
                <>
                  <span>{issuer.name === 'other' ? 'Other (named by the trainer)' : issuer.name}</span>{' '}
                  {issuer.retired && <Badge tone="muted">Retired</Badge>}
                  {issuer.name !== 'other' && (
                    <span className="issuer-list__actions">
                      {!issuer.retired && (
                        <button className="button button--small" type="button" onClick={() => { setEditing(issuer.name); setNewName(issuer.name); }}>
                          Rename<span className="visually-hidden"> {issuer.name}</span>
                        </button>
                      )}
                      <button className="button button--small button--ghost" type="button" disabled={busy}
                        onClick={() => void act(() => call(api.PUT('/api/v1/staff/cpr-aed/issuers/{name}/retired', { params: { path: { name: issuer.name } }, body: { retired: !issuer.retired } })))}>
                        {issuer.retired ? 'Restore' : 'Retire'}<span className="visually-hidden"> {issuer.name}</span>
                      </button>
                    </span>
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add} noValidate className="inline-form">
        <Field id="issuer-name" label="Add an issuer" error={nameError}>
          <input id="issuer-name" value={name} onChange={(e) => { setName(e.target.value); if (nameError) setProblem(undefined); }} maxLength={100}
            aria-invalid={!!nameError} aria-describedby={describedBy('issuer-name', nameError)} />
        </Field>
        <div className="form-actions">
          <button className="button button--primary" type="submit" disabled={busy}>Add issuer</button>
        </div>
      </form>
      {loaded.data && loaded.data.history.length > 0 && (
        <details className="history">
          <summary>History of changes</summary>
          <ul className="plain-list small">
            {loaded.data.history.map((change, index) => (
              <li key={index}>
                {formatDateTime(change.changedAt)} — {change.changedBy}: {change.action} {change.previousName ? `“${change.previousName}” → “${change.name}”` : `“${change.name}”`}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
