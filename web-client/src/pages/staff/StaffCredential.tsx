import { useState, type FormEvent } from 'react';
import { api, call } from '../../api/client';
import type { ApiProblem } from '../../api/problem';
import '../../components/credentials.css';
import { Badge, Field, LoadError, Loading, ProblemBanner } from '../../components/ui';
import { pdfUrl } from '../../lib/credentials';
import { useLoad } from '../../lib/useLoad';

/** Staff: how often the certification was verified publicly (counts only), printouts, and revocation. */
export function StaffCredential({ number }: { number: string }) {
  const loaded = useLoad(
    (signal) => call(api.GET('/api/v1/certifications/{number}/verification-lookups', { params: { path: { number } }, signal })),
    `lookups/${number}`,
  );
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);

  async function revoke(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      await call(api.POST('/api/v1/certifications/{number}/revocation', { params: { path: { number } }, body: { reason } }));
      setConfirming(false);
      loaded.reload();
    } catch (error) {
      setProblem(error as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  if (loaded.error) return <LoadError problem={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading label="Loading verification look-ups…" height={120} />;
  const lookups = loaded.data;

  return (
    <section className="card stack" aria-labelledby="staff-proof-heading" data-testid="staff-credential">
      <div className="card__head">
        <h2 id="staff-proof-heading">Public verification</h2>
        {lookups.revoked ? <Badge tone="bad">Revoked</Badge> : null}
      </div>
      <div className="lookup-counts">
        <div><p className="muted small">Look-ups by number and name</p><p className="facts__big" data-testid="lookups-by-name">{lookups.byName}</p></div>
        <div><p className="muted small">Look-ups by link or QR code</p><p className="facts__big" data-testid="lookups-by-link">{lookups.byLink}</p></div>
        <div><p className="muted small">Name look-up</p><p>{lookups.nameLookup ? 'Allowed' : 'Turned off by the holder'}</p></div>
      </div>
      <p className="muted small">Counts only: who looked a certification up is never recorded.</p>
      <div className="actions">
        <a className="button" href={pdfUrl(number, 'certificate')} download>Certificate PDF</a>
        <a className="button" href={pdfUrl(number, 'wallet-card')} download>Wallet card PDF</a>
      </div>
      {!lookups.revoked && !confirming && (
        <div><button type="button" className="button button--danger" onClick={() => setConfirming(true)}>Revoke certification…</button></div>
      )}
      {!lookups.revoked && confirming && (
        <form className="stack" onSubmit={revoke} noValidate>
          <Field id="revoke-reason" label="Reason for the revocation" error={problem?.errors.reason?.[0]}>
            <textarea id="revoke-reason" value={reason} onChange={(e) => setReason(e.target.value)} rows={3} maxLength={1000} />
          </Field>
          <p className="small">Public verification will say “revoked” and the holder's Open Badges credential is revoked in the status list at once. This cannot be undone.</p>
          <ProblemBanner problem={problem} shownFields={['reason']} />
          <div className="actions">
            <button type="submit" className="button button--danger" disabled={busy}>{busy ? 'Revoking…' : 'Revoke'}</button>
            <button type="button" className="button" onClick={() => setConfirming(false)}>Cancel</button>
          </div>
        </form>
      )}
    </section>
  );
}
