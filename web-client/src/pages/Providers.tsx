import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, call, type Schemas } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { LoadError, Loading, PageHeader } from '../components/ui';
import { areaLabels, ceu, formatDate } from '../lib/format';
import { useLoad } from '../lib/useLoad';
import './staff/providers.css';

type PublicProvider = Schemas['PublicProviderResponse'];
const pageSize = 20;

/** Approved providers and their courses, for anyone: completions they report reach the transcript without an upload. */
export function ApprovedProviders() {
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [query, setQuery] = useState(search);
  const [open, setOpen] = useState<string>();
  const loaded = useLoad(
    (signal) => call(api.GET('/api/v1/providers', { params: { query: { search: search || undefined, page, pageSize } }, signal })),
    `${search}|${page}`,
  );

  function find(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    if (query.trim()) next.set('search', query.trim());
    setParams(next);
    setOpen(undefined);
  }

  const number = user?.role === 'certificant' ? user.certificationNumbers[0] : undefined;
  const data = loaded.data;
  const pages = data ? Math.max(1, Math.ceil(Number(data.total) / data.pageSize)) : 1;

  return (
    <div className="stack">
      <PageHeader
        title="Approved providers"
        subtitle="Course providers approved for CEUs today, and their approved courses."
      />
      <div className="banner banner--ok" role="note">
        <p className="banner__title">No upload needed for these courses</p>
        <p>
          When you complete an approved course, the provider reports it to Recert with your certification number and last name, and it appears in
          your {number ? <Link to={`/certifications/${encodeURIComponent(number)}/transcript`}>CE transcript</Link> : 'CE transcript'} automatically.
          For other courses, {number ? <Link to={`/certifications/${encodeURIComponent(number)}/ceus/new`}>add the CEUs yourself</Link> : 'add the CEUs yourself'} with the certificate.
        </p>
      </div>
      <section className="card card--flush" aria-labelledby="public-providers">
        <div className="card__title-pad providers-toolbar">
          <h2 id="public-providers">Providers</h2>
          <form role="search" className="providers-search" onSubmit={find}>
            <label htmlFor="public-provider-search" className="visually-hidden">Search by provider, course title or code</label>
            <input id="public-provider-search" type="search" value={query} placeholder="Provider, course or code" onChange={(e) => setQuery(e.target.value)} />
            <button type="submit" className="button button--small">Search</button>
          </form>
        </div>
        {loaded.error && <div className="card__title-pad"><LoadError problem={loaded.error} onRetry={loaded.reload} /></div>}
        {!data && !loaded.error && <Loading label="Loading approved providers…" height={240} />}
        {data && (
          <div className={loaded.loading ? 'is-stale' : ''}>
            {data.items.length === 0 && (
              <p className="card__title-pad muted">{search ? `No approved provider or course matches “${search}”.` : 'No approved providers today.'}</p>
            )}
            {data.items.map((provider) => (
              <ProviderItem key={provider.id} provider={provider} open={open === provider.id} onToggle={() => setOpen(open === provider.id ? undefined : provider.id)} search={search} />
            ))}
            <nav className="card__title-pad pager" aria-label="Pages">
              <span className="muted small">{Number(data.total)} approved provider{Number(data.total) === 1 ? '' : 's'} · page {page} of {pages}</span>
              <span className="pager__buttons">
                <button type="button" className="button button--small" disabled={page <= 1} onClick={() => setParams({ ...Object.fromEntries(params), page: String(page - 1) })}>Previous</button>
                <button type="button" className="button button--small" disabled={page >= pages} onClick={() => setParams({ ...Object.fromEntries(params), page: String(page + 1) })}>Next</button>
              </span>
            </nav>
          </div>
        )}
      </section>
    </div>
  );
}

function ProviderItem({ provider, open, onToggle, search }: { provider: PublicProvider; open: boolean; onToggle: () => void; search: string }) {
  const panel = `provider-courses-${provider.id}`;
  return (
    <article className="public-provider" aria-labelledby={`provider-${provider.id}`}>
      <div className="public-provider__head">
        <div>
          <h3 id={`provider-${provider.id}`}>{provider.name}</h3>
          <span className="muted small">
            {provider.courseCount} approved course{provider.courseCount === 1 ? '' : 's'} · approved until {formatDate(provider.approvedUntil)}
          </span>
        </div>
        <button type="button" className="button button--small" aria-expanded={open} aria-controls={panel} onClick={onToggle}>
          {open ? 'Hide courses' : 'Show courses'}
        </button>
      </div>
      {open && (
        <div id={panel} className="public-provider__courses">
          <ProviderCourses providerId={provider.id} search={search} />
        </div>
      )}
    </article>
  );
}

function ProviderCourses({ providerId, search }: { providerId: string; search: string }) {
  const loaded = useLoad(
    // The provider matched the search by its name or by a course; only narrow its courses when it was a course.
    (signal) => call(api.GET('/api/v1/providers/{id}/courses', { params: { path: { id: providerId } }, signal })),
    providerId,
  );
  if (loaded.error) return <LoadError problem={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading label="Loading courses…" height={80} />;
  if (loaded.data.length === 0) return <p className="muted">No course of this provider is approved today.</p>;
  const needle = search.toLowerCase();
  return (
    <ul className="provider-courses" aria-label="Approved courses">
      {loaded.data.map((course) => {
        const matches = needle && (course.title.toLowerCase().includes(needle) || course.code.toLowerCase().includes(needle));
        return (
          <li key={course.id} className={matches ? 'course--match' : undefined}>
            <span>
              <span className="mono">{course.code}</span> <strong className="course__title">{course.title}</strong>
              <span className="muted small block">{areaLabels[course.area]} · approved until {formatDate(course.approvedUntil)}</span>
            </span>
            <strong className="num nowrap">{ceu(course.ceus)} CEU</strong>
          </li>
        );
      })}
    </ul>
  );
}
