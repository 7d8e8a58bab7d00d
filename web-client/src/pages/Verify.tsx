import '../components/credentials.css';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import type { ApiProblem } from '../api/problem';
import { Badge, Field, LoadError, Loading, PageHeader, ProblemBanner } from '../components/ui';
import { verificationStatusLabels, verificationTone, verifyByLink, verifyByName, type Verification } from '../lib/credentials';
import { formatDate } from '../lib/format';
import { useLoad } from '../lib/useLoad';

/** What a public verification shows: only the fields the API answers. */
export function VerificationResult({ result }: { result: Verification }) {
  return (
    <section className="card verification" aria-labelledby="verification-heading" data-testid="verification-result">
      <p className="eyebrow">{result.credential}</p>
      <h2 id="verification-heading">{result.holderName}</h2>
      <p>
        Status today: <Badge tone={verificationTone(result.status)}><span data-testid="verification-status">{verificationStatusLabels[result.status]}</span></Badge>
      </p>
      <dl className="facts">
        <div><dt>Valid through</dt><dd>{formatDate(result.validThrough)}</dd></div>
        <div><dt>Certify for Life plan</dt><dd>{result.forLife ? 'Yes' : 'No'}</dd></div>
      </dl>
      {result.status !== 'active' && (
        <p className="muted small">
          {result.status === 'revoked'
            ? 'This certification was revoked by the certification body: it does not prove current certification.'
            : result.status === 'lapsed'
              ? 'This certification lapsed: it does not prove current certification.'
              : 'This certification expired and may still be renewed late; until then it does not prove current certification.'}
        </p>
      )}
    </section>
  );
}

/** Public look-up by certification number and last name (no sign-in). */
export function VerifyPage() {
  const [number, setNumber] = useState('');
  const [lastName, setLastName] = useState('');
  const [result, setResult] = useState<Verification>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    setResult(undefined);
    try {
      setResult(await verifyByName(number.trim(), lastName.trim()));
    } catch (error) {
      setProblem(error as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack narrow">
      <PageHeader title="Verify a certification" subtitle="Check a trainer's certification with its number and the holder's last name. No sign-in needed." />
      <form className="card stack" onSubmit={submit} noValidate>
        <Field id="verify-number" label="Certification number">
          <input id="verify-number" value={number} onChange={(e) => setNumber(e.target.value)} autoComplete="off" required />
        </Field>
        <Field id="verify-last-name" label="Holder's last name">
          <input id="verify-last-name" value={lastName} onChange={(e) => setLastName(e.target.value)} autoComplete="off" required />
        </Field>
        {problem?.status === 404 ? (
          <div className="banner banner--error" role="alert">
            <p className="banner__title">No certification matches this number and last name.</p>
            <p>Check both, or ask the holder for their verification link.</p>
          </div>
        ) : (
          <ProblemBanner problem={problem} />
        )}
        <div><button className="button button--primary" type="submit" disabled={busy}>{busy ? 'Checking…' : 'Verify'}</button></div>
      </form>
      {result && <VerificationResult result={result} />}
      <p className="muted small">Certificates and wallet cards carry a QR code that opens the holder's verification link directly.</p>
    </div>
  );
}

/** Public verification through the link a holder shares (what the QR code points to). */
export function VerifyLinkPage() {
  const token = useParams().token ?? '';
  const loaded = useLoad((signal) => verifyByLink(token, signal), token);
  return (
    <div className="stack narrow">
      <PageHeader title="Certification verification" subtitle="Live status from the certification body's records." />
      {loaded.error ? (
        loaded.error.status === 404 ? (
          <div className="banner banner--error" role="alert" data-testid="verification-not-found">
            This verification link is not valid. It may have been replaced by the holder; ask them for the current link, or <Link to="/verify">look up by number and name</Link>.
          </div>
        ) : (
          <LoadError problem={loaded.error} onRetry={loaded.reload} />
        )
      ) : loaded.data ? (
        <VerificationResult result={loaded.data} />
      ) : (
        <Loading label="Checking the certification…" />
      )}
    </div>
  );
}
