import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { Badge, describedBy, Field, LoadError, Loading, PageHeader } from '../../components/ui';
import { formatDate, statusLabels } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';

/** Search by number (exact), name or email (contains); an exact number match opens the certification at once. */
export function StaffLookup() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const [text, setText] = useState(search);
  const [error, setError] = useState<string>();
  const results = useLoad(
    (signal) => (search ? call(api.GET('/api/v1/staff/certifications', { params: { query: { search, page: 1, pageSize: 50 } }, signal })) : Promise.resolve(undefined)),
    search,
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    const query = text.trim();
    if (!query) {
      setError('Enter a certification number, a name or an email.');
      return;
    }
    try {
      const page = await call(api.GET('/api/v1/staff/certifications', { params: { query: { search: query, page: 1, pageSize: 50 } } }));
      const exact = page.items.find((c) => c.number.toUpperCase() === query.toUpperCase());
      if (exact) {
        navigate(`/staff/certifications/${encodeURIComponent(exact.number)}`);
        return;
      }
    } catch {
      // the list below shows the error
    }
    setParams({ search: query });
  }

  return (
    <div className="stack">
      <div className="narrow">
        <PageHeader title="Look up a certification" subtitle="Find a certificant by certification number, name or email: cycle, CE transcript, eligibility, applications and full history." />
        <form className="card lookup" onSubmit={submit} noValidate role="search">
          <Field id="lookup-number" label="Number, name or email" error={error}>
            <input id="lookup-number" value={text} onChange={(e) => { setText(e.target.value); setError(undefined); }} placeholder="CPT-100001, Rivera, dana@…"
              autoComplete="off" aria-invalid={!!error} aria-describedby={describedBy('lookup-number', error)} />
          </Field>
          <button className="button button--primary" type="submit">Look up</button>
        </form>
      </div>
      {search && (
        results.error ? <LoadError problem={results.error} onRetry={results.reload} /> : !results.data ? <Loading label="Searching…" height={200} /> : (
          <section className={`card card--flush${results.loading ? ' is-reloading' : ''}`} aria-labelledby="results-heading">
            <h2 id="results-heading" className="card__title-pad">{results.data.total} match{results.data.total === 1 ? '' : 'es'} for “{search}”</h2>
            {results.data.items.length > 0 && (
              <div className="table-wrap">
                <table className="table">
                  <thead><tr><th scope="col">Number</th><th scope="col">Holder</th><th scope="col">Email</th><th scope="col">Expires</th><th scope="col">Status</th><th scope="col"><span className="visually-hidden">History</span></th></tr></thead>
                  <tbody>
                    {results.data.items.map((c) => (
                      <tr key={c.number}>
                        <td data-label="Number"><Link to={`/staff/certifications/${encodeURIComponent(c.number)}`}>{c.number}</Link></td>
                        <td data-label="Holder">{c.firstName} {c.lastName}</td>
                        <td data-label="Email">{c.email || '—'}</td>
                        <td data-label="Expires">{formatDate(c.expiresOn)}</td>
                        <td data-label="Status"><Badge tone={c.status === 'active' ? 'ok' : c.status === 'lapsed' ? 'bad' : 'warn'}>{statusLabels[c.status]}</Badge></td>
                        <td data-label="History"><Link to={`/staff/certifications/${encodeURIComponent(c.number)}/history`}>History</Link></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        )
      )}
      <p className="muted narrow">Not registered yet? <Link to="/staff/register">Register a certification</Link>.</p>
    </div>
  );
}
