import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call, type Application, type RenewalPlan } from '../api/client';
import { ApiProblem } from '../api/problem';
import { RenewalSteps } from '../components/CartItems';
import { ApplicationsTable } from '../components/ApplicationsTable';
import { FeeBreakdown, UnmetList, WindowBadge } from '../components/Eligibility';
import { Badge, Deadline, LoadError, Loading, PageHeader, ProblemBanner } from '../components/ui';
import { applications, certification, eligibilityOn } from '../lib/certification';
import { applicationStatusLabels, formatDate, money, openApplicationStatuses, planLabels, windowLabels, zoneLabel } from '../lib/format';
import { useLoad } from '../lib/useLoad';

export function Renew() {
  const number = useParams().number!;
  const loaded = useLoad(
    (signal) => Promise.all([certification(number, signal), eligibilityOn(number, undefined, signal), applications(number, signal)]),
    number,
  );
  const [plan, setPlan] = useState<RenewalPlan>('renew');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const [submitted, setSubmitted] = useState<Application>();

  async function submit() {
    setBusy(true);
    setProblem(undefined);
    try {
      const application = await call(api.POST('/api/v1/certifications/{number}/applications', { params: { path: { number } }, body: { plan } }));
      setSubmitted(application);
      loaded.reload();
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  async function withdraw(id: string) {
    setProblem(undefined);
    try {
      await call(api.POST('/api/v1/applications/{id}/withdraw', { params: { path: { id } } }));
      setSubmitted(undefined);
      loaded.reload();
    } catch (cause) {
      setProblem(cause as ApiProblem);
    }
  }

  if (loaded.error) return <LoadError problem={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading label="Loading your renewal…" height={420} />;
  const [cert, eligibility, apps] = loaded.data;
  const open = apps.find((a) => openApplicationStatuses.includes(a.status));
  const past = apps.filter((a) => a !== open);

  return (
    <div className="stack">
      <RenewalSteps current={open ? (open.status === 'submitted' ? 3 : 4) : 1} />
      <PageHeader
        title="Renew your certification"
        subtitle={<>Applications received by <Deadline date={cert.expiresOn} timeZone={cert.timeZone} /> are on time.</>}
      />
      {submitted && (
        <div className="banner banner--ok" role="status">
          Application submitted. Payment comes next: continue to the cart. We will email you once your paid application is received.
        </div>
      )}
      <ProblemBanner problem={problem} />

      {open ? (
        <ApplicationCard application={open} timeZone={cert.timeZone} onWithdraw={open.status === 'submitted' || open.status === 'draft' ? () => void withdraw(open.id) : undefined} />
      ) : (
        <>
          <section className="card" aria-labelledby="renew-status">
            <div className="card__head">
              <h2 id="renew-status">Today: {formatDate(eligibility.on)}</h2>
              <WindowBadge window={eligibility.window} />
            </div>
            <UnmetList eligibility={eligibility} />
          </section>
          {eligibility.window !== 'closed' && (
            <fieldset className="plans" disabled={!eligibility.eligible || busy}>
              <legend>Choose how to renew</legend>
              <PlanOption plan="renew" selected={plan} onSelect={setPlan} description="Renew for the next two-year cycle." quote={eligibility.fees.renew} />
              <PlanOption
                plan="for-life"
                selected={plan}
                onSelect={setPlan}
                description={cert.forLife ? 'You are already Certified for Life.' : 'Pay once; later renewals have no renewal fee (late fees still apply; CEU and CPR/AED requirements continue every cycle).'}
                quote={eligibility.fees.forLife}
                disabled={cert.forLife}
              />
            </fieldset>
          )}
          <div className="form-actions">
            <button type="button" className="button button--primary" disabled={!eligibility.eligible || busy} onClick={() => void submit()}>
              {busy ? 'Submitting…' : `Submit ${planLabels[plan]} application`}
            </button>
            {!eligibility.eligible && <span className="muted small">Complete the items above to submit.</span>}
          </div>
        </>
      )}

      {past.length > 0 && (
        <section className="card card--flush" aria-labelledby="history-heading">
          <h2 id="history-heading" className="card__title-pad">Earlier applications</h2>
          <ApplicationsTable items={past} />
        </section>
      )}
      <p><Link to={`/certifications/${encodeURIComponent(number)}`}>← Back to your dashboard</Link></p>
    </div>
  );
}

function PlanOption({ plan, selected, onSelect, description, quote, disabled }: {
  plan: RenewalPlan;
  selected: RenewalPlan;
  onSelect: (plan: RenewalPlan) => void;
  description: string;
  quote: Application['fees'];
  disabled?: boolean;
}) {
  const id = `plan-${plan}`;
  return (
    <div className={`plan${selected === plan ? ' plan--selected' : ''}`}>
      <input type="radio" id={id} name="plan" value={plan} checked={selected === plan} onChange={() => onSelect(plan)} disabled={disabled} />
      <label htmlFor={id}>
        <span className="plan__name">{planLabels[plan]}</span>
        <span className="plan__total">{money(quote.totalCents, quote.currency)}</span>
        <span className="plan__desc">{description}</span>
      </label>
      <FeeBreakdown quote={quote} caption={`${planLabels[plan]} — fee breakdown`} />
    </div>
  );
}

function ApplicationCard({ application, timeZone, onWithdraw }: { application: Application; timeZone: string; onWithdraw?: () => void }) {
  return (
    <section className="card" aria-labelledby="application-heading" data-testid="application">
      <div className="card__head">
        <h2 id="application-heading">Your application</h2>
        <Badge tone="info">{applicationStatusLabels[application.status]}</Badge>
      </div>
      <dl className="facts">
        <div><dt>Plan</dt><dd>{planLabels[application.plan]}</dd></div>
        <div><dt>Received</dt><dd>{formatDate(application.receivedOn)} ({zoneLabel(timeZone)})</dd></div>
        <div><dt>Window</dt><dd>{windowLabels[application.window]}</dd></div>
        <div><dt>Renews the cycle ending</dt><dd><Deadline date={application.expiresOn} timeZone={timeZone} /></dd></div>
      </dl>
      <FeeBreakdown quote={application.fees} caption="Fees quoted when received" />
      {application.status === 'submitted' && <p className="muted small">The fees above are kept as quoted. Pay them in the cart to complete your application.</p>}
      <div className="form-actions">
        {application.status === 'submitted' && (
          <Link className="button button--primary" to={`/certifications/${encodeURIComponent(application.number)}/cart`}>Continue to the cart</Link>
        )}
        {(application.status === 'audit-requested' || application.status === 'documentation-submitted') && (
          <Link className="button button--primary" to={`/certifications/${encodeURIComponent(application.number)}/audit`}>Open the audit</Link>
        )}
        {onWithdraw && (
          <button type="button" className="button button--ghost" onClick={onWithdraw}>Withdraw application</button>
        )}
      </div>
    </section>
  );
}
