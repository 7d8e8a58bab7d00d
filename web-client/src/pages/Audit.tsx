import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call, documentUrl, type Application, type Audit, type AuditItem } from '../api/client';
import { ApiProblem } from '../api/problem';
import { FileDrop } from '../components/FileDrop';
import { Badge, Deadline, LoadError, Loading, PageHeader, ProblemBanner } from '../components/ui';
import { auditCountdown } from '../lib/audit';
import { applications, eligibilityOn } from '../lib/certification';
import { auditStateLabels, auditedStatuses, formatDate, formatDateTime, zoneLabel } from '../lib/format';
import { useLoad } from '../lib/useLoad';

/** The application whose audit to show: the newest one in an audit status, else the newest approved one (it may have passed one). */
export function auditedApplication(apps: Application[]): Application | undefined {
  return apps.find((a) => auditedStatuses.includes(a.status)) ?? apps.find((a) => a.status === 'approved');
}

export async function loadAudit(applicationId: string, signal?: AbortSignal): Promise<Audit | null> {
  try {
    return await call(api.GET('/api/v1/applications/{id}/audit', { params: { path: { id: applicationId } }, signal }));
  } catch (cause) {
    if (cause instanceof ApiProblem && cause.status === 404) return null;
    throw cause;
  }
}

/** Days left (in the organisation's calendar) and how urgent, for a banner or the audit page. */
export function AuditCountdown({ today, dueOn, timeZone }: { today: string; dueOn: string; timeZone: string }) {
  const countdown = auditCountdown(today, dueOn);
  return (
    <span className="countdown" data-testid="audit-countdown">
      <Badge tone={countdown.tone}>{countdown.label}</Badge>{' '}
      <span className="small">due <Deadline date={dueOn} timeZone={timeZone} /></span>
    </span>
  );
}

export function AuditPage() {
  const number = useParams().number!;
  const base = `/certifications/${encodeURIComponent(number)}`;
  const loaded = useLoad(async (signal) => {
    const [apps, eligibility] = await Promise.all([applications(number, signal), eligibilityOn(number, undefined, signal)]);
    const application = auditedApplication(apps);
    const audit = application ? await loadAudit(application.id, signal) : null;
    return { audit, today: eligibility.on, timeZone: eligibility.timeZone };
  }, number);
  const [audit, setAudit] = useState<Audit>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);

  if (loaded.error) return <LoadError problem={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading label="Loading your audit…" height={360} />;
  const current = audit ?? loaded.data.audit;
  const { today, timeZone } = loaded.data;
  if (!current) {
    return (
      <div className="stack narrow">
        <PageHeader title="Audit" />
        <section className="card"><p>None of your applications is being audited.</p><p><Link to={base}>Back to your dashboard</Link></p></section>
      </div>
    );
  }
  const open = current.state === 'requested';
  const documented = current.items.filter((i) => i.documentId).length;

  async function attach(item: AuditItem, documentId: string) {
    setProblem(undefined);
    try {
      setAudit(await call(api.PUT('/api/v1/applications/{id}/audit/items/{itemId}', { params: { path: { id: current!.applicationId, itemId: item.id } }, body: { documentId } })));
    } catch (cause) {
      setProblem(cause as ApiProblem);
    }
  }

  async function submit() {
    setBusy(true);
    setProblem(undefined);
    try {
      setAudit(await call(api.POST('/api/v1/applications/{id}/audit/submit', { params: { path: { id: current!.applicationId } } })));
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack narrow-wide">
      <PageHeader title="Audit" subtitle={`Your application for ${current.number} was selected on ${formatDate(current.selectedOn)} for a routine audit.`} />
      <section className="card" aria-labelledby="audit-state">
        <div className="card__head">
          <h2 id="audit-state">Status</h2>
          <Badge tone={current.state === 'passed' ? 'ok' : current.state === 'failed' ? 'bad' : current.state === 'requested' ? 'warn' : 'info'}>{auditStateLabels[current.state]}</Badge>
        </div>
        {open && (
          <>
            <p className="countdown-line"><AuditCountdown today={today} dueOn={current.dueOn} timeZone={timeZone} /></p>
            <p className="muted small">
              Upload documentation for every item below (certificates of completion, CPR/AED card copies), then submit. Documentation received by the
              end of the due date ({zoneLabel(timeZone)}) is in time; after it the audit fails.
            </p>
          </>
        )}
        {current.state === 'documentation-submitted' && current.submittedAt && <p>Documentation submitted {formatDateTime(current.submittedAt)}. Staff review it; we will email you the result.</p>}
        {current.state === 'passed' && <p>The audit passed{current.decidedAt ? ` on ${formatDateTime(current.decidedAt)}` : ''}; your application is approved.</p>}
        {current.state === 'failed' && (
          <>
            <p>The audit failed{current.decidedAt ? ` on ${formatDateTime(current.decidedAt)}` : ''}.</p>
            {current.reasons.length > 0 && <ul data-testid="audit-reasons">{current.reasons.map((r) => <li key={r}>{r}</li>)}</ul>}
            <p className="muted small">Questions? <Link to="/help">Talk to an advisor</Link>.</p>
          </>
        )}
      </section>

      <ProblemBanner problem={problem} />

      <section className="card" aria-labelledby="audit-items">
        <div className="card__head">
          <h2 id="audit-items">What to document</h2>
          <span className="small muted">{documented} of {current.items.length} documented</span>
        </div>
        <ul className="audit-items">
          {current.items.map((item) => (
            <li key={item.id} className="audit-item" data-testid="audit-item">
              <div className="audit-item__head">
                <span>
                  <span className="eyebrow block">{item.kind === 'activity' ? 'CE activity' : 'CPR/AED card'}</span>
                  {item.description}
                </span>
                {item.documentId ? (
                  <a href={documentUrl(item.documentId)} target="_blank" rel="noreferrer"><Badge tone="ok">✓ Documented</Badge></a>
                ) : (
                  <Badge tone="warn">Needed</Badge>
                )}
              </div>
              {open && (
                <FileDrop label={item.documentId ? `Replace the document for ${item.description}` : `Document for ${item.description}`} name={`audit-${item.id}`}
                  onChange={(document) => { if (document) void attach(item, document.id); }} />
              )}
            </li>
          ))}
        </ul>
        {open && (
          <div className="form-actions">
            <button type="button" className="button button--primary" disabled={busy} onClick={() => void submit()}>
              {busy ? 'Submitting…' : 'Submit documentation'}
            </button>
            <span className="muted small">Submit once every item is documented.</span>
          </div>
        )}
      </section>
      <p><Link to={base}>← Back to your dashboard</Link></p>
    </div>
  );
}
