import { Link, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { ApplicationsTable } from '../../components/ApplicationsTable';
import { CeuProgress, FeeBreakdown, UnmetList, WindowBadge } from '../../components/Eligibility';
import { Badge, Deadline, LoadError, Loading, PageHeader } from '../../components/ui';
import { applications, certification, eligibilityOn } from '../../lib/certification';
import { areaLabels, ceu, formatDate, sourceLabels, statusLabels } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';
import { StaffCredential } from './StaffCredential';

export function StaffCertification() {
  const number = useParams().number!;
  const loaded = useLoad(
    (signal) =>
      Promise.all([
        certification(number, signal),
        eligibilityOn(number, undefined, signal),
        call(api.GET('/api/v1/certifications/{number}/ceus', { params: { path: { number } }, signal })),
        applications(number, signal),
      ]),
    number,
  );

  if (loaded.error) {
    return (
      <div className="stack narrow">
        <PageHeader title={number} />
        <LoadError problem={loaded.error} onRetry={loaded.reload} />
        <p><Link to="/staff">← Look up another number</Link></p>
      </div>
    );
  }
  if (!loaded.data) return <Loading label={`Loading ${number}…`} height={480} />;
  const [cert, eligibility, ledger, apps] = loaded.data;

  return (
    <div className="stack">
      <PageHeader
        title={cert.number}
        subtitle={`${cert.credential} · ${cert.holder.firstName} ${cert.holder.lastName} · ${cert.holder.email || 'no email on file'}`}
        actions={<><Link className="button" to={`/staff/certifications/${encodeURIComponent(cert.number)}/history`}>Full history</Link> <Link className="button" to="/staff">Look up another</Link></>}
      />
      <section className="card">
        <dl className="facts">
          <div><dt>Status today</dt><dd><Badge tone={cert.status === 'active' ? 'ok' : cert.status === 'lapsed' ? 'bad' : 'warn'}>{statusLabels[cert.status]}</Badge></dd></div>
          <div><dt>Cycle</dt><dd>{formatDate(cert.cycleStart)} – {formatDate(cert.expiresOn)}</dd></div>
          <div><dt>Expires</dt><dd><Deadline date={cert.expiresOn} timeZone={cert.timeZone} /></dd></div>
          <div><dt>Window today</dt><dd><WindowBadge window={eligibility.window} /></dd></div>
          <div><dt>Certify for Life</dt><dd>{cert.forLife ? 'Yes' : 'No'}</dd></div>
          <div><dt>CPR / AED</dt><dd>{eligibility.cprCurrent ? 'CPR current' : 'CPR missing'} · {eligibility.aedCurrent ? 'AED current' : 'AED missing'}</dd></div>
        </dl>
      </section>
      <div className="grid-dash">
        <section className="card">
          <h2>CEUs</h2>
          <CeuProgress counted={ledger.counted} required={ledger.required} byArea={ledger.byArea} />
        </section>
        <section className="card">
          <h2>Eligibility today</h2>
          <UnmetList eligibility={eligibility} />
          <FeeBreakdown quote={eligibility.fees.renew} caption="Renewal fees today" />
        </section>
      </div>
      <section className="card card--flush">
        <h2 className="card__title-pad">CE activities</h2>
        {ledger.activities.length === 0 ? <p className="card__title-pad muted">None.</p> : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th scope="col">Completed</th><th scope="col">Activity</th><th scope="col">Source</th><th scope="col" className="num">CEUs</th><th scope="col">Counts?</th></tr></thead>
              <tbody>
                {ledger.activities.map((a) => (
                  <tr key={a.id} className={a.counts ? '' : 'row--muted'}>
                    <td data-label="Completed">{formatDate(a.completedOn)}</td>
                    <td data-label="Activity">{a.title}<span className="muted small block">{areaLabels[a.area]}</span></td>
                    <td data-label="Source">{sourceLabels[a.source]}</td>
                    <td data-label="CEUs" className="num">{ceu(a.ceus)}</td>
                    <td data-label="Counts?">{a.counts ? 'Yes' : <span title={a.explanation}>No — {a.explanation}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <StaffCredential number={cert.number} />
      <section className="card card--flush">
        <h2 className="card__title-pad">Applications</h2>
        {apps.length === 0 ? <p className="card__title-pad muted">None.</p> : <ApplicationsTable items={apps} />}
      </section>
    </div>
  );
}
