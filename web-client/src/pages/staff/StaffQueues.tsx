import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { LoadError, Loading, PageHeader } from '../../components/ui';
import { applicationStatusLabels } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';

function age(days: number, count: number): string {
  if (count === 0) return '—';
  if (days === 0) return 'oldest: today';
  return `oldest: ${days} day${days === 1 ? '' : 's'}`;
}

export function StaffQueues() {
  const loaded = useLoad(
    (signal) => Promise.all([call(api.GET('/api/v1/staff/queues', { signal })), call(api.GET('/api/v1/staff/audits/rate', { signal }))]),
    'queues',
  );
  if (loaded.error) return <LoadError problem={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading label="Loading the queues…" height={360} />;
  const [queues, rate] = loaded.data;
  const tiles = [
    { label: 'Petitions to review', queue: queues.petitionsToReview, to: '/staff/petitions', note: `${queues.petitionCourseGroups} course${queues.petitionCourseGroups === 1 ? '' : 's'}` },
    { label: 'Audits awaiting review', queue: queues.auditsAwaitingReview, to: '/staff/audits?queue=awaiting-review' },
    { label: 'Overdue audits', queue: queues.overdueAudits, to: '/staff/audits?queue=overdue', bad: true },
    { label: 'Audits awaiting documentation', queue: queues.auditsAwaitingDocumentation, to: '/staff/audits?queue=awaiting-documentation' },
  ];
  return (
    <div className="stack">
      <PageHeader title="Queues" subtitle="Work waiting for staff. Ages are in days since the oldest item arrived." actions={<button type="button" className="button" onClick={loaded.reload}>Refresh</button>} />
      <div className={`tiles${loaded.loading ? ' is-reloading' : ''}`}>
        {tiles.map((tile) => (
          <Link key={tile.label} to={tile.to} className={`tile${tile.bad && tile.queue.count > 0 ? ' tile--bad' : ''}`} data-testid="queue-tile">
            <span className="tile__label">{tile.label}</span>
            <span className="tile__count">{tile.queue.count}</span>
            <span className="tile__age">{age(tile.queue.oldestAgeDays, tile.queue.count)}{tile.note ? ` · ${tile.note}` : ''}</span>
          </Link>
        ))}
      </div>
      <div className="grid-dash">
        <section className="card card--flush" aria-labelledby="by-status">
          <h2 id="by-status" className="card__title-pad">Applications by status</h2>
          {queues.applicationsByStatus.length === 0 ? <p className="card__title-pad muted">No applications yet.</p> : (
            <table className="table">
              <thead><tr><th scope="col">Status</th><th scope="col" className="num">Count</th><th scope="col" className="num">Oldest (days)</th></tr></thead>
              <tbody>
                {queues.applicationsByStatus.map((s) => (
                  <tr key={s.status}>
                    <td data-label="Status"><Link to={`/staff/applications?status=${s.status}`}>{applicationStatusLabels[s.status]}</Link></td>
                    <td data-label="Count" className="num">{s.count}</td>
                    <td data-label="Oldest (days)" className="num">{s.oldestAgeDays}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="card" aria-labelledby="rate-heading">
          <h2 id="rate-heading">Audit rate</h2>
          <dl className="facts">
            <div><dt>Configured</dt><dd className="facts__big">{percent(rate.configuredRate)}</dd></div>
            <div><dt>Observed</dt><dd className="facts__big">{rate.observedRate === null ? '—' : percent(rate.observedRate)}</dd></div>
          </dl>
          <p className="muted small">{rate.drawn} of {rate.draws} paid application{rate.draws === 1 ? '' : 's'} drawn for audit.</p>
        </section>
      </div>
    </div>
  );
}

export function percent(rate: number): string {
  return `${(rate * 100).toLocaleString('en-US', { maximumFractionDigits: 1 })}%`;
}
