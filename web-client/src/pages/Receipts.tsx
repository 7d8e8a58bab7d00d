import { Link, useLocation, useParams } from 'react-router';
import { api, call, type Receipt } from '../api/client';
import { CartItems, RenewalSteps } from '../components/CartItems';
import { Badge, Deadline, LoadError, Loading, PageHeader } from '../components/ui';
import { applications, certification } from '../lib/certification';
import { applicationStatusLabels, formatDateTime, money } from '../lib/format';
import { useLoad } from '../lib/useLoad';
import { receiptPdfUrl } from '../lib/credentials';
import { ProofOfCertification } from '../components/ProofOfCertification';

function receipts(signal: AbortSignal): Promise<Receipt[]> {
  return call(api.GET('/api/v1/me/receipts', { signal }));
}

/** The confirmation after paying (also reached later from the receipts list). */
export function ReceiptPage() {
  const { number = '', id = '' } = useParams();
  const location = useLocation();
  const justPaid = (location.state as { justPaid?: boolean } | null)?.justPaid === true;
  const base = `/certifications/${encodeURIComponent(number)}`;
  const loaded = useLoad(
    (signal) => Promise.all([receipts(signal), applications(number, signal), certification(number, signal)]),
    `${number}/${id}`,
  );

  if (loaded.error) return <LoadError problem={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading label="Loading your receipt…" height={420} />;
  const [all, apps, cert] = loaded.data;
  const receipt = all.find((r) => r.id === id);
  if (!receipt) {
    return (
      <div className="stack narrow">
        <PageHeader title="Receipt not found" />
        <p><Link to={`${base}/receipts`}>Your receipts</Link></p>
      </div>
    );
  }
  const renewals = receipt.items.filter((i) => i.kind === 'renewal');
  const petitions = receipt.items.filter((i) => i.kind === 'petition');

  return (
    <div className="stack narrow-wide">
      {renewals.length > 0 && <RenewalSteps current={4} />}
      <PageHeader title={justPaid ? 'Thank you — payment received' : 'Receipt'} subtitle={`Paid ${formatDateTime(receipt.paidAt)}`} />
      {justPaid && <div className="banner banner--ok" role="status">Your payment of {money(receipt.amountCents, receipt.currency)} went through. A confirmation email is on its way.</div>}

      <section className="card card--flush" aria-labelledby="receipt-heading" data-testid="receipt">
        <div className="card__head card__title-pad">
          <h2 id="receipt-heading">Receipt</h2>
          <a className="button button--small" href={receiptPdfUrl(receipt.id)} download data-testid="receipt-pdf">Download PDF</a>
        </div>
        <dl className="facts card__title-pad">
          <div><dt>Amount</dt><dd className="facts__big">{money(receipt.amountCents, receipt.currency)}</dd></div>
          <div><dt>Gateway reference</dt><dd className="mono">{receipt.gatewayReference}</dd></div>
          <div><dt>Paid</dt><dd>{formatDateTime(receipt.paidAt)}</dd></div>
        </dl>
        <CartItems items={receipt.items} totalCents={receipt.amountCents} currency={receipt.currency} caption="Items paid" />
      </section>

      {renewals.map((item) => {
        const application = apps.find((a) => a.id === item.subjectId);
        if (!application) return null;
        return (
          <section key={item.subjectId} className="card" aria-labelledby={`app-${item.subjectId}`} data-testid="application-status">
            <div className="card__head">
              <h2 id={`app-${item.subjectId}`}>Your application</h2>
              <Badge tone={application.status === 'approved' ? 'ok' : application.status === 'audit-requested' ? 'warn' : 'info'}>{applicationStatusLabels[application.status]}</Badge>
            </div>
            {application.status === 'approved' && cert.number === application.number && (
              <p>Your certification is renewed. It is now valid until <Deadline date={cert.expiresOn} timeZone={cert.timeZone} />.</p>
            )}
            {application.status === 'approved' && cert.number === application.number && <ProofOfCertification number={cert.number} />}
            {application.status === 'audit-requested' && (
              <p>
                Your application was selected for a routine audit. Please send the supporting documentation within 30 days.{' '}
                <Link className="button button--small" to={`${base}/audit`}>Open the audit</Link>
              </p>
            )}
            {application.status === 'paid' && <p>We received your paid application; it is being processed.</p>}
          </section>
        );
      })}
      {petitions.length > 0 && (
        <p>Staff now review your petition{petitions.length > 1 ? 's' : ''}. <Link to={`${base}/petitions`}>See your petitions</Link></p>
      )}
      <p><Link to={`${base}/receipts`}>All receipts</Link> · <Link to={base}>Back to your dashboard</Link></p>
    </div>
  );
}

export function ReceiptsList() {
  const number = useParams().number!;
  const base = `/certifications/${encodeURIComponent(number)}`;
  const loaded = useLoad(receipts, 'receipts');
  if (loaded.error) return <LoadError problem={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading label="Loading your receipts…" height={240} />;
  return (
    <div className="stack">
      <PageHeader title="Receipts" subtitle="Every payment you made, newest first." actions={<Link className="button" to={`${base}/cart`}>Cart</Link>} />
      <section className="card card--flush">
        {loaded.data.length === 0 ? (
          <p className="card__title-pad muted">No payments yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Receipts</caption>
              <thead>
                <tr><th scope="col">Paid</th><th scope="col">Items</th><th scope="col">Reference</th><th scope="col" className="num">Amount</th><th scope="col"><span className="visually-hidden">PDF</span></th></tr>
              </thead>
              <tbody>
                {loaded.data.map((r) => (
                  <tr key={r.id}>
                    <td data-label="Paid"><Link to={`${base}/receipts/${encodeURIComponent(r.id)}`}>{formatDateTime(r.paidAt)}</Link></td>
                    <td data-label="Items">{r.items.map((i) => i.description).join('; ')}</td>
                    <td data-label="Reference" className="mono small">{r.gatewayReference}</td>
                    <td data-label="Amount" className="num">{money(r.amountCents, r.currency)}</td>
                    <td data-label="PDF"><a href={receiptPdfUrl(r.id)} download>Download PDF</a></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
