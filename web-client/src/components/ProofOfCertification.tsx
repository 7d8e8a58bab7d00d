import './credentials.css';
import { useState } from 'react';
import type { ApiProblem } from '../api/problem';
import { credential, pdfUrl, rotateVerificationLink, saveText, setNameLookup, verificationLink, type VerificationLink } from '../lib/credentials';
import { useLoad } from '../lib/useLoad';
import { LoadError, Loading, ProblemBanner } from './ui';

/** Certificate, wallet card, verification link and the Open Badges credential of one certification (holder's view). */
export function ProofOfCertification({ number }: { number: string }) {
  const loaded = useLoad((signal) => verificationLink(number, signal), `link/${number}`);
  const [link, setLink] = useState<VerificationLink>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [profileUrl, setProfileUrl] = useState<string>();
  const current = link ?? loaded.data;

  async function act(action: () => Promise<void>) {
    setBusy(true);
    setProblem(undefined);
    setNote('');
    try {
      await action();
    } catch (error) {
      setProblem(error as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  if (loaded.error) return <LoadError problem={loaded.error} onRetry={loaded.reload} />;
  if (!current) return <Loading label="Loading your proof of certification…" height={120} />;

  return (
    <section className="card stack" aria-labelledby="proof-heading" data-testid="proof-of-certification">
      <div className="card__head">
        <h2 id="proof-heading">Proof of certification</h2>
      </div>
      <div className="actions">
        <a className="button button--primary" href={pdfUrl(number, 'certificate')} download data-testid="download-certificate">Download certificate</a>
        <a className="button" href={pdfUrl(number, 'wallet-card')} download data-testid="download-wallet-card">Wallet card</a>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => act(async () => {
            const issued = await credential(number);
            saveText(issued.jwt, `${number}-credential.jwt`, 'application/vc+jwt');
            setProfileUrl(issued.addToProfileUrl);
            setNote('Credential downloaded: an Open Badges 3.0 verifiable credential any wallet or verifier can check.');
          })}
        >
          Download credential
        </button>
        <button
          type="button"
          className="button button--link"
          disabled={busy}
          onClick={() => act(async () => setProfileUrl((await credential(number)).addToProfileUrl))}
        >
          Add to LinkedIn profile
        </button>
      </div>
      {profileUrl && (
        <p className="small"><a href={profileUrl} target="_blank" rel="noopener noreferrer" data-testid="add-to-profile">Open LinkedIn's "add certification" form</a> (filled in with your credential and verification link).</p>
      )}

      <div className="stack">
        <h3>Share verification link</h3>
        <p className="muted small">Anyone with this link sees your name, credential, status today and valid-through date — nothing else. The QR code on your certificate opens it.</p>
        <div className="share-link">
          <input aria-label="Verification link" readOnly value={current.url} data-testid="verification-link" onFocus={(e) => e.target.select()} />
          <button
            type="button"
            className="button button--small"
            onClick={() => act(async () => {
              await navigator.clipboard.writeText(current.url);
              setNote('Link copied.');
            })}
          >
            Copy
          </button>
          <button
            type="button"
            className="button button--small"
            disabled={busy}
            onClick={() => act(async () => {
              setLink(await rotateVerificationLink(number));
              setNote('New link created. The old link and QR codes printed with it no longer work; download your certificate again.');
            })}
          >
            Replace link
          </button>
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={current.nameLookup}
            disabled={busy}
            onChange={(e) => {
              const enabled = e.target.checked;
              void act(async () => setLink(await setNameLookup(number, enabled)));
            }}
          />
          Let anyone find my certification by its number and my last name (otherwise only the link works)
        </label>
      </div>
      {note && <p role="status" className="small">{note}</p>}
      <ProblemBanner problem={problem} />
    </section>
  );
}
