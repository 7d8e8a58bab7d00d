import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { api, call, documentUrl } from '../../api/client';
import { Badge, LoadError, Loading, PageHeader } from '../../components/ui';
import { applicationStatusLabels, areaLabels, cardKindLabels, ceu, formatDate, formatDateTime, money, petitionStatusLabels, planLabels, sourceLabels, statusLabels } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';

/** Everything about one certificant: applications, activities, cards, petitions, every decision (who, when, why) and emails. */
export function StaffHistory() {
  const number = useParams().number!;
  const loaded = useLoad(
    (signal) => call(api.GET('/api/v1/staff/certifications/{number}/history', { params: { path: { number } }, signal })),
    number,
  );
  if (loaded.error) return <div className="stack narrow"><PageHeader title={number} /><LoadError problem={loaded.error} onRetry={loaded.reload} /><p><Link to="/staff">← Look up another</Link></p></div>;
  if (!loaded.data) return <Loading label={`Loading the history of ${number}…`} height={480} />;
  const { certification: cert, applications, activities, cards, petitions, decisions, emails } = loaded.data;

  return (
    <div className="stack">
      <PageHeader
        title={`History of ${cert.number}`}
        subtitle={`${cert.holder.firstName} ${cert.holder.lastName} · ${cert.holder.email || 'no email on file'} · ${statusLabels[cert.status]} · cycle ${formatDate(cert.cycleStart)} – ${formatDate(cert.expiresOn)}${cert.forLife ? ' · Certified for Life' : ''}`}
        actions={<Link className="button" to={`/staff/certifications/${encodeURIComponent(cert.number)}`}>Eligibility view</Link>}
      />
      <Table title="Decisions" empty="No decisions yet." head={['When', 'Subject', 'Decision', 'Why', 'Decided by']} testId="history-decisions">
        {decisions.map((d) => (
          <tr key={d.id}>
            <td data-label="When">{formatDateTime(d.decidedAt)}</td>
            <td data-label="Subject">{d.subjectKind}</td>
            <td data-label="Decision">{d.decision}</td>
            <td data-label="Why">{d.reason ?? '—'}</td>
            <td data-label="Decided by">{d.decidedBy ?? 'system'}</td>
          </tr>
        ))}
      </Table>
      <Table title="Applications" empty="No applications." head={['Received', 'Plan', 'Status', 'Total']}>
        {applications.map((a) => (
          <tr key={a.id}>
            <td data-label="Received">{formatDate(a.receivedOn)}</td>
            <td data-label="Plan">{planLabels[a.plan]}</td>
            <td data-label="Status">{applicationStatusLabels[a.status]}</td>
            <td data-label="Total" className="num">{money(a.fees.totalCents, a.fees.currency)}</td>
          </tr>
        ))}
      </Table>
      <Table title="Petitions" empty="No petitions." head={['Course', 'Completed', 'State', 'Fee']}>
        {petitions.map((p) => (
          <tr key={p.id}>
            <td data-label="Course">{p.title}<span className="muted small block">{p.providerName} · {p.contactHours} h · <a href={documentUrl(p.documentId)} target="_blank" rel="noreferrer">certificate</a></span></td>
            <td data-label="Completed">{formatDate(p.completedOn)}</td>
            <td data-label="State">{petitionStatusLabels[p.status]}{p.grantedCeus !== null ? ` · ${ceu(p.grantedCeus)} CEU` : ''}{p.decisionReason ? ` · ${p.decisionReason}` : ''}</td>
            <td data-label="Fee" className="num">{money(p.feeCents, p.currency)}{p.paidAt ? ' (paid)' : ''}</td>
          </tr>
        ))}
      </Table>
      <Table title={`CE activities (cycle ending ${formatDate(activities.expiresOn)}: ${ceu(activities.counted)} of ${ceu(activities.required)} counted)`} empty="No activities." head={['Completed', 'Activity', 'Source', 'CEUs', 'Counts?']}>
        {activities.activities.map((a) => (
          <tr key={a.id} className={a.counts ? '' : 'row--muted'}>
            <td data-label="Completed">{formatDate(a.completedOn)}</td>
            <td data-label="Activity">{a.title}<span className="muted small block">{areaLabels[a.area]}</span></td>
            <td data-label="Source">{sourceLabels[a.source]}</td>
            <td data-label="CEUs" className="num">{ceu(a.ceus)}</td>
            <td data-label="Counts?">{a.counts ? 'Yes' : `No — ${a.explanation}`}</td>
          </tr>
        ))}
      </Table>
      <Table title="CPR/AED cards" empty="No cards." head={['Card', 'Issued', 'Expires', 'Copies']}>
        {cards.map((c) => (
          <tr key={c.id}>
            <td data-label="Card">{cardKindLabels[c.kind]} · {c.issuerName ? `Other: ${c.issuerName}` : c.provider} {c.currentToday ? <Badge tone="ok">Current</Badge> : <Badge tone="bad">Not current</Badge>}</td>
            <td data-label="Issued">{formatDate(c.issuedOn)}</td>
            <td data-label="Expires">{formatDate(c.expiresOn)}</td>
            <td data-label="Copies">
              {c.frontDocumentId && <a href={documentUrl(c.frontDocumentId)} target="_blank" rel="noreferrer">front</a>}{' '}
              {c.backDocumentId && <a href={documentUrl(c.backDocumentId)} target="_blank" rel="noreferrer">back</a>}
            </td>
          </tr>
        ))}
      </Table>
      <Table title="Emails" empty="No emails." head={['Queued', 'Kind', 'To', 'Subject', 'Sent']}>
        {emails.map((e) => (
          <tr key={e.id}>
            <td data-label="Queued">{formatDateTime(e.queuedAt)}</td>
            <td data-label="Kind">{e.kind}</td>
            <td data-label="To">{e.to}</td>
            <td data-label="Subject">{e.subject}</td>
            <td data-label="Sent">{e.sentAt ? formatDateTime(e.sentAt) : `not yet (${e.attempts} attempt${e.attempts === 1 ? '' : 's'}${e.lastError ? `: ${e.lastError}` : ''})`}</td>
          </tr>
        ))}
      </Table>
    </div>
  );
}

function Table({ title, empty, head, children, testId }: { title: string; empty: string; head: string[]; children: ReactNode[]; testId?: string }) {
  return (
    <section className="card card--flush" data-testid={testId}>
      <h2 className="card__title-pad">{title}</h2>
      {children.length === 0 ? <p className="card__title-pad muted">{empty}</p> : (
        <div className="table-wrap">
          <table className="table">
            <thead><tr>{head.map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
            <tbody>{children}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}
