import { Link, useParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { DocumentLinks } from '../../components/DocumentViewer';
import { FeeBreakdown } from '../../components/Eligibility';
import { Badge, LoadError, Loading, PageHeader } from '../../components/ui';
import { applicationStatusLabels, auditStateLabels, formatDate, formatDateTime, money, planLabels } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';

type Payment = Schemas['PaymentAttempt'];

const paymentStates: Record<string, { label: string; tone: 'ok' | 'warn' | 'bad' | 'info' }> = {
  succeeded: { label: 'Paid', tone: 'ok' },
  pending: { label: 'In progress', tone: 'info' },
  declined: { label: 'Declined', tone: 'bad' },
  failed: { label: 'Failed', tone: 'bad' },
};

const decisionLabels: Record<string, string> = {
  'drawn-for-audit': 'Drawn for audit',
  'not-drawn-for-audit': 'Not drawn for audit',
  approved: 'Renewal approved',
  rejected: 'Application rejected',
  passed: 'Audit passed',
  failed: 'Audit failed',
  refunded: 'Refunded',
};

/** One application for staff: the fees quoted at submission, every payment attempt, the audit draw and audit, and each decision. */
export function StaffApplication() {
  const id = useParams().id!;
  const loaded = useLoad((signal) => call(api.GET('/api/v1/staff/applications/{id}', { params: { path: { id } }, signal })), id);

  if (loaded.error) {
    return (
      <div className="stack narrow">
        <PageHeader title="Application" />
        <LoadError problem={loaded.error} onRetry={loaded.reload} />
        <p><Link to="/staff/applications">← All applications</Link></p>
      </div>
    );
  }
  if (!loaded.data) return <Loading label="Loading the application…" height={480} />;
  const { application: a, audit, auditDraw, payments, refunds, decisions } = loaded.data;
  const number = encodeURIComponent(a.number);

  return (
    <div className="stack">
      <p className="small"><Link to="/staff/applications">← All applications</Link></p>
      <PageHeader
        title={`Application of ${a.number}`}
        subtitle={`${planLabels[a.plan]} · ${loaded.data.holderName}${loaded.data.holderEmail ? ` · ${loaded.data.holderEmail}` : ''}`}
        actions={<><Link className="button" to={`/staff/certifications/${number}`}>Certification</Link> <Link className="button" to={`/staff/certifications/${number}/history`}>Full history</Link></>}
      />
      <section className="card">
        <dl className="facts">
          <div><dt>Status</dt><dd><Badge tone={a.status === 'approved' ? 'ok' : a.status === 'rejected' || a.status === 'audit-failed' ? 'bad' : 'info'}>{applicationStatusLabels[a.status]}</Badge></dd></div>
          <div><dt>Received</dt><dd>{formatDate(a.receivedOn)}</dd></div>
          <div><dt>Submitted by</dt><dd>{loaded.data.submittedBy ?? '—'}</dd></div>
          <div><dt>Cycle applied for</dt><dd>{formatDate(a.cycleStart)} – {formatDate(a.expiresOn)}</dd></div>
          <div><dt>Last change</dt><dd>{formatDateTime(a.updatedAt)}</dd></div>
          {loaded.data.decisionReason && <div><dt>Reason given</dt><dd>{loaded.data.decisionReason}</dd></div>}
        </dl>
      </section>
      <div className="grid-dash">
        <section className="card">
          <h2>Fees quoted</h2>
          <FeeBreakdown quote={a.fees} caption={`Quoted on ${formatDate(a.receivedOn)}; the amount charged is this quote.`} />
        </section>
        <section className="card">
          <h2>Audit</h2>
          {!auditDraw ? <p className="muted">Not drawn yet: the draw happens when the application is paid.</p> : (
            <p>{auditDraw.drawn ? 'Drawn for audit' : 'Not drawn'} at a rate of {Math.round(auditDraw.rate * 1000) / 10}% on {formatDateTime(auditDraw.drawnAt)}.</p>
          )}
          {audit && (
            <>
              <p><Badge tone={audit.state === 'passed' ? 'ok' : audit.state === 'failed' ? 'bad' : 'info'}>{auditStateLabels[audit.state]}</Badge> Due {formatDate(audit.dueOn)}{audit.submittedAt ? ` · documents submitted ${formatDateTime(audit.submittedAt)}` : ''}</p>
              <ul className="card-list" aria-label="Audited items">
                {audit.items.map((item) => (
                  <li key={item.id} className="card-list__item">
                    <span>{item.description}</span>
                    {item.documentId ? <DocumentLinks id={item.documentId} label={`Document for ${item.description}`} /> : <Badge tone="warn">No document</Badge>}
                  </li>
                ))}
              </ul>
              {audit.reasons.length > 0 && <p className="small">Reasons: {audit.reasons.join(' ')}</p>}
            </>
          )}
        </section>
      </div>
      <section className="card card--flush" aria-labelledby="payments-heading">
        <h2 id="payments-heading" className="card__title-pad">Payments</h2>
        {payments.length === 0 ? <p className="card__title-pad muted">No payment attempts yet.</p> : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th scope="col">Started</th><th scope="col">Outcome</th><th scope="col" className="num">For this application</th><th scope="col" className="num">Checkout total</th><th scope="col">Reference</th></tr></thead>
              <tbody>
                {payments.map((p: Payment) => (
                  <tr key={p.checkoutId}>
                    <td data-label="Started">{formatDateTime(p.startedAt)}</td>
                    <td data-label="Outcome"><Badge tone={paymentStates[p.state]?.tone ?? 'info'}>{paymentStates[p.state]?.label ?? p.state}</Badge>{p.failure && <span className="small muted block">{p.failure}</span>}{p.paidThisApplication && <span className="small block">Paid this application</span>}</td>
                    <td data-label="For this application" className="num">{money(p.amountCents, p.currency)}</td>
                    <td data-label="Checkout total" className="num">{money(p.checkoutTotalCents, p.currency)}</td>
                    <td data-label="Reference" className="mono small">{p.gatewayReference ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {refunds.length > 0 && (
          <ul className="card__title-pad small" aria-label="Refunds">
            {refunds.map((r) => <li key={r.id}>Refund of {money(r.amountCents, r.currency)}: {r.reason} — {r.state === 'refunded' && r.refundedAt ? `refunded ${formatDateTime(r.refundedAt)}${r.refundedBy ? ` by ${r.refundedBy}` : ''}` : 'due'}</li>)}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="decisions-heading">
        <h2 id="decisions-heading">Decisions</h2>
        {decisions.length === 0 ? <p className="muted">None yet.</p> : (
          <ol className="provider-history">
            {decisions.map((d) => (
              <li key={d.id}><strong>{decisionLabels[d.decision] ?? d.decision}</strong> · {d.decidedBy ?? 'system'} · {formatDateTime(d.decidedAt)}{d.reason && <span className="block small">{d.reason}</span>}</li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
