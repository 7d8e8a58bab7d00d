import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, call, type Application, type ApplicationStatus } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { Badge, describedBy, Field, LoadError, Loading, PageHeader, ProblemBanner } from '../../components/ui';
import { applicationStatusLabels, formatDate, money, planLabels } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';
import { useFormProblem } from '../../lib/formProblem';

const pageSize = 25;
const rejectable: ReadonlyArray<ApplicationStatus> = ['submitted', 'paid', 'audit-requested', 'documentation-submitted'];

export function StaffApplications() {
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? '') as ApplicationStatus | '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const loaded = useLoad(
    (signal) => call(api.GET('/api/v1/staff/applications', { params: { query: { ...(status ? { status } : {}), page, pageSize } }, signal })),
    `${status}/${page}`,
  );
  const [rejecting, setRejecting] = useState<string>();
  const [message, setMessage] = useState<string>();

  const pages = loaded.data ? Math.max(1, Math.ceil(loaded.data.total / pageSize)) : 1;
  return (
    <div className="stack">
      <PageHeader title="Applications" subtitle="Oldest change first. Staff may reject an open application with a reason." />
      <div className="toolbar">
        <Field id="app-status" label="Status">
          <select id="app-status" value={status} onChange={(e) => { setMessage(undefined); setParams(e.target.value ? { status: e.target.value } : {}); }}>
            <option value="">All statuses</option>
            {(Object.keys(applicationStatusLabels) as ApplicationStatus[]).map((s) => <option key={s} value={s}>{applicationStatusLabels[s]}</option>)}
          </select>
        </Field>
        {loaded.data && <span className="muted small">{loaded.data.total} application{loaded.data.total === 1 ? '' : 's'}</span>}
      </div>
      {message && <div className="banner banner--ok" role="status">{message}</div>}
      {loaded.error ? (
        <LoadError problem={loaded.error} onRetry={loaded.reload} />
      ) : !loaded.data ? (
        <Loading label="Loading applications…" height={320} />
      ) : loaded.data.items.length === 0 ? (
        <section className="card"><p className="muted">No applications{status ? ` with status “${applicationStatusLabels[status]}”` : ''}.</p></section>
      ) : (
        <section className={`card card--flush${loaded.loading ? ' is-reloading' : ''}`}>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr><th scope="col">Certification</th><th scope="col">Plan</th><th scope="col">Received</th><th scope="col">Status</th><th scope="col" className="num">Total</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
              </thead>
              <tbody>
                {loaded.data.items.map((a) => (
                  <ApplicationRow key={a.id} application={a} rejecting={rejecting === a.id} onReject={() => setRejecting(rejecting === a.id ? undefined : a.id)}
                    onRejected={() => { setRejecting(undefined); setMessage(`Application of ${a.number} rejected.`); loaded.reload(); }} />
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {pages > 1 && (
        <nav className="pager" aria-label="Pages">
          <button type="button" className="button button--small" disabled={page <= 1} onClick={() => setParams({ ...(status ? { status } : {}), page: String(page - 1) })}>Previous</button>
          <span className="small">Page {page} of {pages}</span>
          <button type="button" className="button button--small" disabled={page >= pages} onClick={() => setParams({ ...(status ? { status } : {}), page: String(page + 1) })}>Next</button>
        </nav>
      )}
    </div>
  );
}

function ApplicationRow({ application: a, rejecting, onReject, onRejected }: { application: Application; rejecting: boolean; onReject: () => void; onRejected: () => void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const { problem, setProblem, setFieldErrors, err, edited } = useFormProblem();
  const id = `reject-${a.id.slice(0, 8)}`;

  async function reject() {
    if (!reason.trim()) {
      setFieldErrors({ reason: 'Say why the application is rejected; the certificant is told.' });
      return;
    }
    setFieldErrors({});
    setBusy(true);
    setProblem(undefined);
    try {
      await call(api.POST('/api/v1/staff/applications/{id}/reject', { params: { path: { id: a.id } }, body: { reason: reason.trim() } }));
      onRejected();
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  const error = err('reason');
  return (
    <>
      <tr>
        <td data-label="Certification"><Link to={`/staff/certifications/${encodeURIComponent(a.number)}/history`}>{a.number}</Link></td>
        <td data-label="Plan">{planLabels[a.plan]}</td>
        <td data-label="Received"><Link to={`/staff/applications/${a.id}`} aria-label={`Application of ${a.number} received ${formatDate(a.receivedOn)}`}>{formatDate(a.receivedOn)}</Link></td>
        <td data-label="Status"><Badge tone={a.status === 'approved' ? 'ok' : a.status === 'rejected' || a.status === 'audit-failed' ? 'bad' : 'info'}>{applicationStatusLabels[a.status]}</Badge></td>
        <td data-label="Total" className="num">{money(a.fees.totalCents, a.fees.currency)}</td>
        <td data-label="Actions">
          {rejectable.includes(a.status) && (
            <button type="button" className="button button--small" aria-expanded={rejecting} onClick={onReject}>{rejecting ? 'Cancel' : 'Reject…'}</button>
          )}
        </td>
      </tr>
      {rejecting && (
        <tr className="row--form">
          <td colSpan={6}>
            <ProblemBanner problem={problem} shownFields={['reason']} />
            <Field id={id} label={`Reason for rejecting ${a.number}`} error={error}>
              <textarea id={id} rows={2} value={reason} onChange={(e) => { setReason(e.target.value); edited('reason'); }} aria-invalid={!!error} aria-describedby={describedBy(id, error)} />
            </Field>
            <button type="button" className="button button--danger" disabled={busy} onClick={() => void reject()}>Reject application</button>
          </td>
        </tr>
      )}
    </>
  );
}
