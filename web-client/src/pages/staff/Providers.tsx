import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { describedBy, Field, LoadError, Loading, PageHeader, ProblemBanner } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { checkProvider, organisationToday, providerFields, type ProviderField, type ProviderForm } from '../../lib/providers';
import { useLoad } from '../../lib/useLoad';
import { ProviderStatus } from './ProvidersStatus';
import './providers.css';

const pageSize = 20;
const emptyForm: ProviderForm = { name: '', contactName: '', contactEmail: '', approvedFrom: '', approvedUntil: '' };

export function StaffProviders() {
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [query, setQuery] = useState(search);
  const loaded = useLoad(
    (signal) => call(api.GET('/api/v1/staff/providers', { params: { query: { search: search || undefined, page, pageSize } }, signal })),
    `${search}|${page}`,
  );
  const today = organisationToday();

  function find(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    if (query.trim()) next.set('search', query.trim());
    setParams(next);
  }

  const goTo = (n: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(n));
    setParams(next);
  };

  const data = loaded.data;
  const pages = data ? Math.max(1, Math.ceil(Number(data.total) / data.pageSize)) : 1;

  return (
    <div className="stack">
      <PageHeader title="Course providers" subtitle="Providers approved to report completions. Their completions go straight into certificants’ transcripts while they are approved and not suspended." />
      <div className="providers-layout">
        <section className="card card--flush" aria-labelledby="providers-list">
          <div className="card__title-pad providers-toolbar">
            <h2 id="providers-list">Providers</h2>
            <form role="search" className="providers-search" onSubmit={find}>
              <label htmlFor="provider-search" className="visually-hidden">Search providers by name or contact email</label>
              <input id="provider-search" type="search" value={query} placeholder="Name or contact email" onChange={(e) => setQuery(e.target.value)} />
              <button type="submit" className="button button--small">Search</button>
            </form>
          </div>
          {loaded.error && <div className="card__title-pad"><LoadError problem={loaded.error} onRetry={loaded.reload} /></div>}
          {!data && !loaded.error && <Loading label="Loading providers…" height={240} />}
          {data && (
            <div className={loaded.loading ? 'is-stale' : ''}>
              {data.items.length === 0 ? (
                <p className="card__title-pad muted">{search ? `No provider matches “${search}”.` : 'No providers yet.'}</p>
              ) : (
                <div className="table-wrap">
                  <table className="table">
                    <thead>
                      <tr>
                        <th scope="col">Provider</th>
                        <th scope="col">Contact</th>
                        <th scope="col">Approved</th>
                        <th scope="col">Status</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.items.map((provider) => (
                        <tr key={provider.id}>
                          <td data-label="Provider">
                            <Link to={`/staff/providers/${provider.id}`} state={{ provider }}><strong>{provider.name}</strong></Link>
                          </td>
                          <td data-label="Contact">
                            {provider.contactName && <span className="block">{provider.contactName}</span>}
                            <span className="muted small">{provider.contactEmail}</span>
                          </td>
                          <td data-label="Approved"><span className="nowrap">{formatDate(provider.approvedFrom)} –</span> <span className="nowrap">{formatDate(provider.approvedUntil)}</span></td>
                          <td data-label="Status"><ProviderStatus provider={provider} today={today} /></td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              <nav className="card__title-pad pager" aria-label="Pages">
                <span className="muted small">{Number(data.total)} provider{Number(data.total) === 1 ? '' : 's'} · page {page} of {pages}</span>
                <span className="pager__buttons">
                  <button type="button" className="button button--small" disabled={page <= 1} onClick={() => goTo(page - 1)}>Previous</button>
                  <button type="button" className="button button--small" disabled={page >= pages} onClick={() => goTo(page + 1)}>Next</button>
                </span>
              </nav>
            </div>
          )}
        </section>
        <CreateProvider onCreated={loaded.reload} />
      </div>
    </div>
  );
}

function CreateProvider({ onCreated }: { onCreated: () => void }) {
  const navigate = useNavigate();
  const [form, setForm] = useState<ProviderForm>(emptyForm);
  const [localErrors, setLocalErrors] = useState<Partial<Record<ProviderField, string>>>({});
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = checkProvider(form);
    setLocalErrors(checked.errors);
    setProblem(undefined);
    if (!checked.body) return;
    setBusy(true);
    try {
      const provider = await call(api.POST('/api/v1/staff/providers', { body: checked.body }));
      onCreated();
      navigate(`/staff/providers/${provider.id}`, { state: { provider, created: true } });
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  const input = (name: ProviderField, label: string, type = 'text', hint?: string) => {
    const id = `provider-${name}`;
    // A 409 (a provider with this name exists) belongs next to the name.
    const error = localErrors[name] ?? problem?.field(name) ?? (name === 'name' && problem?.code === 'provider.exists' ? problem.detail : undefined);
    return (
      <Field id={id} label={label} error={error} hint={hint}>
        <input id={id} type={type} value={form[name]} onChange={(e) => setForm({ ...form, [name]: e.target.value })}
          aria-invalid={!!error} aria-describedby={describedBy(id, error, hint)} />
      </Field>
    );
  };

  const conflictShown = problem?.code === 'provider.exists';
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="provider-new">
      <h2 id="provider-new">Add a provider</h2>
      {!conflictShown && <ProblemBanner problem={problem} shownFields={providerFields} />}
      {input('name', 'Name')}
      {input('contactName', 'Contact name', 'text', 'Optional.')}
      {input('contactEmail', 'Contact email', 'email')}
      <div className="grid-2">
        {input('approvedFrom', 'Approved from', 'date')}
        {input('approvedUntil', 'Approved until', 'date')}
      </div>
      <div className="form-actions">
        <button className="button button--primary" type="submit" disabled={busy}>{busy ? 'Adding…' : 'Add provider'}</button>
      </div>
    </form>
  );
}
