import { useState, type FormEvent } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { Badge, describedBy, Field, LoadError, Loading, PageHeader, ProblemBanner } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';
import { useFormProblem } from '../../lib/formProblem';

type ClaimRequest = Schemas['ClaimRequestEntry'];

/** Claims of certifications with no email on file: a person checks the claimant against the record. */
export function StaffClaims() {
  const loaded = useLoad((signal) => call(api.GET('/api/v1/staff/claims', { signal })), 'claims');
  const [decided, setDecided] = useState<string[]>([]);

  return (
    <div className="stack">
      <PageHeader
        title="Claims to review"
        subtitle="Certificants asking for a certification that has no email on file, oldest first. Check the claimant against the record (call them if in doubt) before approving."
      />
      {decided.length > 0 && (
        <section className="card" aria-label="Decided in this session">
          <ul className="card-list">
            {decided.map((line) => <li key={line} className="card-list__item">{line}</li>)}
          </ul>
        </section>
      )}
      {loaded.error ? (
        <LoadError problem={loaded.error} onRetry={loaded.reload} />
      ) : !loaded.data ? (
        <Loading label="Loading claims…" />
      ) : loaded.data.length === 0 ? (
        <section className="card"><p className="muted">No claims are waiting.</p></section>
      ) : (
        <ul className="stack plain" aria-label="Claims">
          {loaded.data.map((claim) => (
            <ClaimReview key={claim.id} claim={claim} onDecided={(line) => { setDecided((list) => [line, ...list]); loaded.reload(); }} />
          ))}
        </ul>
      )}
    </div>
  );
}

function ClaimReview({ claim, onDecided }: { claim: ClaimRequest; onDecided: (line: string) => void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const { problem, setProblem, err, edited } = useFormProblem();
  const reasonId = `decline-reason-${claim.id}`;

  async function decide(approve: boolean, event?: FormEvent) {
    event?.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const decision = approve
        ? await call(api.POST('/api/v1/staff/claims/{id}/approve', { params: { path: { id: claim.id } } }))
        : await call(api.POST('/api/v1/staff/claims/{id}/decline', { params: { path: { id: claim.id } }, body: { reason: reason.trim() } }));
      onDecided(`${decision.certificationNumber}: ${decision.state === 'approved' ? 'approved for' : 'declined for'} ${claim.claimantEmail}`);
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="card stack" data-testid="claim-request">
      <div className="card__head">
        <div>
          <h2>{claim.certificationNumber} <span className="muted">· {claim.holderFirstName} {claim.holderLastName}</span></h2>
          <p className="small">
            Asked by {claim.claimantFirstName} {claim.claimantLastName} &lt;{claim.claimantEmail}&gt;{' '}
            {claim.claimantEmailVerified ? <Badge tone="ok">email confirmed</Badge> : <Badge tone="warn">email not confirmed</Badge>}
          </p>
        </div>
        <span className="small muted">{formatDateTime(claim.requestedAt)} · {claim.ageDays === 0 ? 'today' : `${claim.ageDays} day${claim.ageDays === 1 ? '' : 's'} ago`}</span>
      </div>
      <ProblemBanner problem={problem} shownFields={['reason']} />
      <form onSubmit={(e) => decide(false, e)} noValidate className="stack">
        <Field id={reasonId} label="Reason if declined (emailed to the claimant)" error={err('reason')}>
          <input id={reasonId} value={reason} onChange={(e) => { setReason(e.target.value); edited('reason'); }}
            aria-invalid={!!err('reason')} aria-describedby={describedBy(reasonId, err('reason'))} />
        </Field>
        <div className="form-actions">
          <button type="button" className="button button--primary" disabled={busy} onClick={() => decide(true)}>Approve</button>
          <button type="submit" className="button" disabled={busy}>Decline</button>
        </div>
      </form>
    </li>
  );
}
