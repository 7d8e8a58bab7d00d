import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, call, type AuditQueueEntry } from '../../api/client';
import { DocumentLinks } from '../../components/DocumentViewer';
import { ApiProblem } from '../../api/problem';
import { Badge, describedBy, Field, LoadError, Loading, PageHeader, ProblemBanner } from '../../components/ui';
import { auditStateLabels, formatDate, formatDateTime } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';
import { loadAudit } from '../Audit';
import { percent } from './StaffQueues';
import { useFormProblem } from '../../lib/formProblem';

const queues = [
  { key: 'awaiting-review', label: 'Awaiting review' },
  { key: 'overdue', label: 'Overdue' },
  { key: 'awaiting-documentation', label: 'Awaiting documentation' },
] as const;
type Queue = (typeof queues)[number]['key'];

export function StaffAudits() {
  const [params, setParams] = useSearchParams();
  const queue: Queue = queues.find((q) => q.key === params.get('queue'))?.key ?? 'awaiting-review';
  const loaded = useLoad(
    (signal) => Promise.all([call(api.GET('/api/v1/staff/audits', { params: { query: { queue } }, signal })), call(api.GET('/api/v1/staff/audits/rate', { signal }))]),
    queue,
  );
  const [decided, setDecided] = useState<string>();

  return (
    <div className="stack">
      <PageHeader title="Audits" subtitle="Review submitted documentation, and follow audits that are overdue or still waiting for documents." />
      {loaded.data && (
        <p className="muted small" data-testid="audit-rate">
          Audit rate: configured {percent(loaded.data[1].configuredRate)}, observed {loaded.data[1].observedRate === null ? '—' : percent(loaded.data[1].observedRate)} ({loaded.data[1].drawn} of {loaded.data[1].draws} drawn).
        </p>
      )}
      <div className="tabs" role="tablist" aria-label="Audit queues">
        {queues.map((q) => (
          <button key={q.key} type="button" role="tab" aria-selected={q.key === queue} className={`tab${q.key === queue ? ' tab--on' : ''}`}
            onClick={() => { setDecided(undefined); setParams({ queue: q.key }); }}>
            {q.label}
          </button>
        ))}
      </div>
      {decided && <div className="banner banner--ok" role="status">{decided}</div>}
      {loaded.error ? (
        <LoadError problem={loaded.error} onRetry={loaded.reload} />
      ) : !loaded.data ? (
        <Loading label="Loading audits…" height={240} />
      ) : loaded.data[0].length === 0 ? (
        <section className="card"><p className="muted">Nothing in this queue.</p></section>
      ) : (
        <ul className={`stack plain${loaded.loading ? ' is-reloading' : ''}`}>
          {loaded.data[0].map((entry) => (
            <AuditEntry key={entry.applicationId} entry={entry} reviewable={queue === 'awaiting-review'}
              onDecided={(message) => { setDecided(message); loaded.reload(); }} />
          ))}
        </ul>
      )}
    </div>
  );
}

function AuditEntry({ entry, reviewable, onDecided }: { entry: AuditQueueEntry; reviewable: boolean; onDecided: (message: string) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <li className="card" data-testid="audit-entry">
      <div className="card__head">
        <div>
          <h2><Link to={`/staff/certifications/${encodeURIComponent(entry.number)}/history`}>{entry.number}</Link> · {entry.name}</h2>
          <p className="muted small">
            Selected {formatDate(entry.selectedOn)} · due {formatDate(entry.dueOn)}
            {entry.submittedAt ? ` · documents submitted ${formatDateTime(entry.submittedAt)}` : ''} · waiting {entry.ageDays === 0 ? 'since today' : `${entry.ageDays} day${entry.ageDays === 1 ? '' : 's'}`}
          </p>
        </div>
        <button type="button" className="button button--small" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? 'Close' : reviewable ? 'Review' : 'View'}
        </button>
      </div>
      {open && <AuditReview applicationId={entry.applicationId} number={entry.number} reviewable={reviewable} onDecided={onDecided} />}
    </li>
  );
}

function AuditReview({ applicationId, number, reviewable, onDecided }: { applicationId: string; number: string; reviewable: boolean; onDecided: (message: string) => void }) {
  const audit = useLoad((signal) => loadAudit(applicationId, signal), applicationId);
  const [note, setNote] = useState('');
  const [reasons, setReasons] = useState('');
  const [busy, setBusy] = useState(false);
  const { problem, setProblem, setFieldErrors, err, edited } = useFormProblem();

  async function pass() {
    setBusy(true);
    setProblem(undefined);
    try {
      await call(api.POST('/api/v1/staff/audits/{id}/pass', { params: { path: { id: applicationId } }, body: { note: note.trim() || null } }));
      onDecided(`Audit of ${number} passed; the application is approved.`);
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  async function fail() {
    const list = reasons.split('\n').map((r) => r.trim()).filter(Boolean);
    if (list.length === 0) {
      setFieldErrors({ reasons: 'Give at least one reason (one per line); the certificant sees them.' });
      return;
    }
    setFieldErrors({});
    setBusy(true);
    setProblem(undefined);
    try {
      await call(api.POST('/api/v1/staff/audits/{id}/fail', { params: { path: { id: applicationId } }, body: { reasons: list } }));
      onDecided(`Audit of ${number} failed.`);
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  if (audit.error) return <LoadError problem={audit.error} onRetry={audit.reload} />;
  if (audit.data === undefined) return <Loading label="Loading the documents…" height={120} />;
  if (audit.data === null) return <p className="muted">No audit found.</p>;
  const reasonsMessage = err('reasons');
  return (
    <div className="audit-review">
      <p><Badge tone="info">{auditStateLabels[audit.data.state]}</Badge></p>
      <ul className="card-list">
        {audit.data.items.map((item) => (
          <li key={item.id} className="card-list__item">
            <span><span className="eyebrow block">{item.kind === 'activity' ? 'CE activity' : 'CPR/AED card'}</span>{item.description}</span>
            {item.documentId ? <DocumentLinks id={item.documentId} label={`Document for ${item.description}`} /> : <Badge tone="warn">No document</Badge>}
          </li>
        ))}
      </ul>
      {reviewable && (
        <>
          <ProblemBanner problem={problem} shownFields={['reasons', 'note']} />
          <div className="decision">
            <div>
              <Field id={`pass-note-${applicationId}`} label="Note (optional)">
                <input id={`pass-note-${applicationId}`} value={note} onChange={(e) => setNote(e.target.value)} />
              </Field>
              <button type="button" className="button button--primary" disabled={busy} onClick={() => void pass()}>Pass audit</button>
            </div>
            <div>
              <Field id={`fail-${applicationId}`} label="Reasons for failing (one per line)" error={reasonsMessage}>
                <textarea id={`fail-${applicationId}`} rows={3} value={reasons} onChange={(e) => { setReasons(e.target.value); edited('reasons'); }}
                  aria-invalid={!!reasonsMessage} aria-describedby={describedBy(`fail-${applicationId}`, reasonsMessage)} />
              </Field>
              <button type="button" className="button button--danger" disabled={busy} onClick={() => void fail()}>Fail audit</button>
            </div>
          </div>
        </>
      )}
    </div>
  );
}
