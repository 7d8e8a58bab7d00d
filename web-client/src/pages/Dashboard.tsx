import { Link, useParams } from 'react-router';
import { CeuProgress, UnmetList, WindowBadge } from '../components/Eligibility';
import { Badge, Deadline, LoadError, Loading, PageHeader } from '../components/ui';
import { applications, certification, eligibilityOn } from '../lib/certification';
import { applicationStatusLabels, ceu, daysBetween, daysLabel, formatDate, money, openApplicationStatuses, planLabels, statusLabels } from '../lib/format';
import { useLoad } from '../lib/useLoad';
import { AuditCountdown, loadAudit } from './Audit';
import { ProofOfCertification } from '../components/ProofOfCertification';

export function Dashboard() {
  const number = useParams().number!;
  const loaded = useLoad(
    (signal) => Promise.all([certification(number, signal), eligibilityOn(number, undefined, signal), applications(number, signal)]),
    number,
  );

  if (loaded.error) return <LoadError problem={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading label="Loading your certification…" height={420} />;
  const [cert, eligibility, apps] = loaded.data;
  const base = `/certifications/${encodeURIComponent(number)}`;
  const days = daysBetween(eligibility.on, cert.expiresOn);
  const open = apps.find((a) => openApplicationStatuses.includes(a.status));
  const statusTone = cert.status === 'active' ? 'ok' : cert.status === 'lapsed' ? 'bad' : 'warn';

  return (
    <div className="stack">
      <PageHeader
        title={`Hello, ${cert.holder.firstName}`}
        subtitle={<>Today is {formatDate(eligibility.on)}, {eligibility.timeZoneLabel}.</>}
        actions={
          open ? (
            <Link className="button" to={open.status === 'audit-requested' ? `${base}/audit` : `${base}/renew`}>View your application</Link>
          ) : eligibility.eligible ? (
            <Link className="button button--primary" to={`${base}/renew`}>Renew now</Link>
          ) : null
        }
      />

      {open?.status === 'audit-requested' && <AuditBanner applicationId={open.id} today={eligibility.on} timeZone={eligibility.timeZone} base={base} />}
      {open?.status === 'submitted' && (
        <div className="banner banner--warn" role="status" data-testid="payment-banner">
          Your application is submitted; pay {money(open.fees.totalCents, open.fees.currency)} to complete it. <Link to={`${base}/cart`}>Go to the cart</Link>
        </div>
      )}

      <section className="card summary" aria-labelledby="cert-heading">
        <div className="summary__main">
          <p className="eyebrow">{cert.credential}{cert.forLife ? ' · Certified for Life' : ''}</p>
          <h2 id="cert-heading" className="summary__number">{cert.number}</h2>
          <p className="summary__holder">{cert.holder.firstName} {cert.holder.lastName}</p>
          <Badge tone={statusTone}>{statusLabels[cert.status]}</Badge>
        </div>
        <dl className="facts">
          <div>
            <dt>Current cycle</dt>
            <dd data-testid="cycle-dates">
              {formatDate(cert.cycleStart)} to {formatDate(cert.expiresOn)}
              <span className="facts__note">Activities completed from {formatDate(cert.cycleStart)} count.</span>
            </dd>
          </div>
          <div>
            <dt>Expires</dt>
            <dd><Deadline date={cert.expiresOn} timeZone={cert.timeZone} /></dd>
          </div>
          <div>
            <dt>Days to expiry</dt>
            <dd className="facts__big" data-testid="days-to-expiry">{days >= 0 ? days : 0}<span> {days >= 0 ? (days === 1 ? 'day' : 'days') : `(expired ${daysLabel(days)})`}</span></dd>
          </div>
          <div>
            <dt>Submission window today</dt>
            <dd><WindowBadge window={eligibility.window} /></dd>
          </div>
          <div>
            <dt>{eligibility.on > eligibility.lastCompletionDate ? 'CEU completion window closed' : 'Last day to complete CEUs'}</dt>
            <dd><Deadline date={eligibility.lastCompletionDate} timeZone={eligibility.timeZone} /></dd>
          </div>
        </dl>
      </section>

      <ProofOfCertification number={cert.number} />

      <div className="grid-dash">
        <section className="card" aria-labelledby="ceu-heading">
          <div className="card__head">
            <h2 id="ceu-heading">Continuing education</h2>
            <Link to={`${base}/transcript`}>Transcript</Link>
          </div>
          <CeuProgress counted={eligibility.ceus.counted} required={eligibility.ceus.required} byArea={eligibility.ceus.byArea} />
          <p className="muted small">
            {eligibility.ceus.missing > 0
              ? `${ceu(eligibility.ceus.missing)} CEU still needed.`
              : 'CEU requirement met for this cycle.'}
          </p>
        </section>

        <section className="card" aria-labelledby="cpr-heading">
          <div className="card__head">
            <h2 id="cpr-heading">CPR and AED</h2>
            <Link to={`${base}/cpr-aed`}>Cards</Link>
          </div>
          <ul className="checks">
            <li>
              <span>Adult CPR</span>
              <CardBadge current={eligibility.cprCurrent} codes={eligibility.unmet.map((u) => u.code)} prefix="cpr" />
            </li>
            <li>
              <span>AED</span>
              <CardBadge current={eligibility.aedCurrent} codes={eligibility.unmet.map((u) => u.code)} prefix="aed" />
            </li>
          </ul>
          <p className="muted small">A hands-on skills course with copies of the card’s front and back is required.</p>
        </section>
      </div>

      <section className="card" aria-labelledby="todo-heading">
        <div className="card__head">
          <h2 id="todo-heading">{eligibility.eligible ? 'You can renew' : 'Before you can renew'}</h2>
          <Link to={`${base}/what-if`}>Check another date</Link>
        </div>
        <UnmetList eligibility={eligibility} />
        {eligibility.eligible && !open && (
          <p>
            Renewal fee today: <strong>{money(eligibility.fees.renew.totalCents, eligibility.fees.renew.currency)}</strong>, or{' '}
            <strong>{money(eligibility.fees.forLife.totalCents, eligibility.fees.forLife.currency)}</strong> to Certify for Life.{' '}
            <Link to={`${base}/renew`}>Choose a plan</Link>
          </p>
        )}
        <p className="muted small">
          Applications received by <Deadline date={cert.expiresOn} timeZone={cert.timeZone} /> are on time; late applications are accepted until{' '}
          <Deadline date={eligibility.lastReceiptDate} timeZone={eligibility.timeZone} /> with late fees.
        </p>
      </section>

      {open && (
        <section className="card" aria-labelledby="app-heading">
          <h2 id="app-heading">Your application</h2>
          <p>
            {planLabels[open.plan]} · received {formatDate(open.receivedOn)} · <Badge tone="info">{applicationStatusLabels[open.status]}</Badge> ·{' '}
            {money(open.fees.totalCents, open.fees.currency)}
          </p>
        </section>
      )}
    </div>
  );
}

/** "Not on file" and "Expired" are different problems with different fixes: say which. */
export function CardBadge({ current, codes, prefix }: { current: boolean; codes: string[]; prefix: 'cpr' | 'aed' }) {
  if (current) return <Badge tone="ok">Current</Badge>;
  if (codes.includes(`${prefix}.missing`)) return <Badge tone="bad">Not on file</Badge>;
  if (codes.includes(`${prefix}.expired`)) return <Badge tone="bad">Expired</Badge>;
  if (codes.includes(`${prefix}.no-hands-on`)) return <Badge tone="bad">No hands-on skills</Badge>;
  if (codes.includes(`${prefix}.copies-missing`)) return <Badge tone="bad">Copies missing</Badge>;
  return <Badge tone="bad">Not current</Badge>;
}

function AuditBanner({ applicationId, today, timeZone, base }: { applicationId: string; today: string; timeZone: string; base: string }) {
  const audit = useLoad((signal) => loadAudit(applicationId, signal), applicationId);
  return (
    <div className="banner banner--warn audit-banner" role="status" data-testid="audit-banner">
      <p className="banner__title">Your application was selected for a routine audit.</p>
      <p>
        Send the supporting documentation for each CE activity and CPR/AED card.{' '}
        {audit.data && <AuditCountdown today={today} dueOn={audit.data.dueOn} timeZone={timeZone} />}
      </p>
      <Link className="button button--small" to={`${base}/audit`}>Open the audit</Link>
    </div>
  );
}
