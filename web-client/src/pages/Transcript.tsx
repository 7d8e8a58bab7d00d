import { Link, useLocation, useParams } from 'react-router';
import { api, call, documentUrl } from '../api/client';
import { CeuProgress } from '../components/Eligibility';
import { Badge, Deadline, LoadError, Loading, PageHeader } from '../components/ui';
import { certification } from '../lib/certification';
import { areaLabels, ceu, formatDate, sourceLabels } from '../lib/format';
import { useLoad } from '../lib/useLoad';

export function Transcript() {
  const number = useParams().number!;
  const loaded = useLoad(
    (signal) =>
      Promise.all([
        call(api.GET('/api/v1/certifications/{number}/ceus', { params: { path: { number } }, signal })),
        certification(number, signal),
      ]),
    number,
  );
  const base = `/certifications/${encodeURIComponent(number)}`;
  const { added, edited, removed } = (useLocation().state as { added?: string; edited?: string; removed?: string } | null) ?? {};

  return (
    <div className="stack">
      <PageHeader
        title="CE transcript"
        subtitle="Every activity on file and whether it counts toward this cycle."
        actions={<Link className="button button--primary" to={`${base}/ceus/new`}>Add CEUs</Link>}
      />
      {added && <div className="banner banner--ok" role="status">“{added}” was added to your transcript.</div>}
      {edited && <div className="banner banner--ok" role="status">“{edited}” was saved.</div>}
      {removed && <div className="banner banner--ok" role="status">“{removed}” was removed from your transcript.</div>}
      {loaded.error && <LoadError problem={loaded.error} onRetry={loaded.reload} />}
      {!loaded.data && !loaded.error && <Loading label="Loading your transcript…" height={360} />}
      {loaded.data && (() => {
        const [ledger, cert] = loaded.data;
        return (
          <>
            <section className="card">
              <p>
                Cycle {formatDate(ledger.cycleStart)} – <Deadline date={ledger.expiresOn} timeZone={cert.timeZone} />. Activities completed up to{' '}
                <Deadline date={ledger.lastCompletionDate} timeZone={cert.timeZone} /> count.
              </p>
              <CeuProgress counted={ledger.counted} required={ledger.required} byArea={ledger.byArea} />
            </section>
            <section className="card card--flush" aria-labelledby="activities-heading">
              <h2 id="activities-heading" className="card__title-pad">Activities</h2>
              {ledger.activities.length === 0 ? (
                <p className="card__title-pad muted">No activities yet.</p>
              ) : (
                <div className="table-wrap">
                  <table className="table transcript">
                    <thead>
                      <tr>
                        <th scope="col">Completed</th>
                        <th scope="col">Activity</th>
                        <th scope="col">Source</th>
                        <th scope="col" className="num">CEUs</th>
                        <th scope="col">Counts?</th>
                      </tr>
                    </thead>
                    <tbody>
                      {ledger.activities.map((activity) => (
                        <tr key={activity.id} className={activity.counts ? '' : 'row--muted'}>
                          <td data-label="Completed">{formatDate(activity.completedOn)}</td>
                          <td data-label="Activity">
                            <strong>{activity.title}</strong>
                            <span className="muted small block">{areaLabels[activity.area]}</span>
                            <span className="row-actions">
                              {activity.documentId && (
                                <a className="small" href={documentUrl(activity.documentId)} target="_blank" rel="noreferrer">
                                  Certificate
                                </a>
                              )}
                              {activity.editable && (
                                <Link className="small" to={`${base}/ceus/${activity.id}/edit`} aria-label={`Edit or remove “${activity.title}”`}>
                                  Edit or remove
                                </Link>
                              )}
                            </span>
                          </td>
                          <td data-label="Source">{sourceLabels[activity.source]}</td>
                          <td data-label="CEUs" className="num">{ceu(activity.ceus)}</td>
                          <td data-label="Counts?">
                            {activity.counts ? <Badge tone="ok">Counts</Badge> : <Badge tone="muted">Does not count</Badge>}
                            {!activity.counts && <span className="small block reason" data-reason={activity.reason}>{activity.explanation}</span>}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
          </>
        );
      })()}
    </div>
  );
}
