import { useCallback, useState, type FormEvent } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { Badge, describedBy, Field, LoadError, Loading, PageHeader, ProblemBanner } from '../../components/ui';
import { areaLabels, ceu, formatDate, formatDateTime } from '../../lib/format';
import { approvedOn, deliveryStateLabel, organisationToday } from '../../lib/providers';
import { useLoad } from '../../lib/useLoad';
import { IssuedKeyDialog, type IssuedKey } from '../staff/ProvidersKeyDialog';
import { useProvider } from './ProviderContext';
import '../staff/providers.css';
import { useFormProblem } from '../../lib/formProblem';

type Completion = Schemas['CompletionResponse'];
type CompletionState = Schemas['CompletionState'];
type ApiKey = Schemas['ApiKeyResponse'];
type Endpoint = Schemas['WebhookEndpointResponse'];
type Delivery = Schemas['WebhookDeliveryResponse'];

const stateLabels: Record<CompletionState, string> = {
  accepted: 'Accepted',
  'pending-learner': 'Waiting for the learner',
  rejected: 'Rejected',
  voided: 'Voided',
};
const stateTones: Record<CompletionState, 'ok' | 'warn' | 'bad' | 'muted'> = { accepted: 'ok', 'pending-learner': 'warn', rejected: 'bad', voided: 'muted' };

export function ProviderCourses() {
  const provider = useProvider();
  const loaded = useLoad((signal) => call(api.GET('/api/v1/provider/courses', { signal })), 'courses');
  const today = organisationToday();
  return (
    <div className="stack">
      <PageHeader title={provider.name} subtitle={`Approved provider ${formatDate(provider.approvedFrom)} – ${formatDate(provider.approvedUntil)}. Your courses, as the certification body approved them.`} />
      {provider.suspended && <div className="banner banner--warn" role="alert">{provider.name} is suspended: completions are not accepted until it is reinstated. You can still see everything.</div>}
      {loaded.error && !loaded.data ? <LoadError problem={loaded.error} onRetry={loaded.reload} /> : !loaded.data ? <Loading label="Loading your courses…" /> : (
        <section className="card card--flush" aria-labelledby="courses-heading">
          <h2 id="courses-heading" className="card__title-pad">Courses</h2>
          {loaded.data.length === 0 ? <p className="card__title-pad muted">No courses yet: ask the certification body to add them.</p> : (
            <div className="table-wrap">
              <table className="table">
                <thead><tr><th scope="col">Code</th><th scope="col">Course</th><th scope="col" className="num">CEUs</th><th scope="col">Approved</th></tr></thead>
                <tbody>
                  {loaded.data.map((course) => (
                    <tr key={course.id}>
                      <td data-label="Code" className="mono">{course.code}</td>
                      <td data-label="Course"><strong>{course.title}</strong><span className="muted small block">{areaLabels[course.area]}</span></td>
                      <td data-label="CEUs" className="num">{ceu(course.ceus)}</td>
                      <td data-label="Approved">{formatDate(course.approvedFrom)} – {formatDate(course.approvedUntil)}
                        {!approvedOn(course, today) && <span className="block"><Badge tone="muted">Not approved today</Badge></span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </div>
  );
}

export function ProviderCompletions() {
  const [search, setSearch] = useState('');
  const [state, setState] = useState<'' | CompletionState>('');
  const [applied, setApplied] = useState({ search: '', state: '' as '' | CompletionState });
  const [voiding, setVoiding] = useState<string>();
  const [problem, setProblem] = useState<ApiProblem>();
  // Rows voided here, with where they stood: a list filtered on "Accepted" refetches without them, and a row that
  // vanishes on "Void now" reads as a failure, so they stay, marked voided, until the filter is applied again.
  const [voided, setVoided] = useState<Record<string, { row: Completion; at: number }>>({});
  const loaded = useLoad((signal) => call(api.GET('/api/v1/completions', {
    params: { query: { limit: 500, search: applied.search || undefined, state: applied.state || undefined } }, signal,
  })), `${applied.search}|${applied.state}`);

  async function voidOne(externalId: string) {
    setProblem(undefined);
    const at = items.findIndex((c) => c.externalId === externalId);
    try {
      const result = await call(api.DELETE('/api/v1/completions/{externalId}', { params: { path: { externalId } } }));
      setVoided((before) => ({ ...before, [externalId]: { row: result, at } }));
      setVoiding(undefined);
    } catch (cause) {
      setProblem(cause as ApiProblem);
    }
  }

  function apply(event: FormEvent) {
    event.preventDefault();
    setApplied({ search: search.trim(), state });
    setVoided({});
  }

  // The API lists oldest change first (a sync order); people want the newest first.
  const items = [...(loaded.data?.items ?? [])].reverse().map((c) => (c.externalId && voided[c.externalId]?.row) || c);
  for (const [externalId, { row, at }] of Object.entries(voided)) {
    if (!items.some((c) => c.externalId === externalId)) items.splice(Math.max(0, Math.min(at, items.length)), 0, row);
  }
  return (
    <div className="stack">
      <PageHeader title="Completions" subtitle="Everything you reported, however it was sent (this portal, your API key, xAPI)." />
      <form className="card filters" onSubmit={apply} aria-label="Filter completions">
        <div className="grid-2">
          <Field id="completion-search" label="Search" hint="Your reference for the completion (externalId) or the learner’s certification number">
            <input id="completion-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} aria-describedby="completion-search-hint" />
          </Field>
          <Field id="completion-state" label="State">
            <select id="completion-state" value={state} onChange={(e) => setState(e.target.value as '' | CompletionState)}>
              <option value="">Any</option>
              {(Object.keys(stateLabels) as CompletionState[]).map((s) => <option key={s} value={s}>{stateLabels[s]}</option>)}
            </select>
          </Field>
        </div>
        <div className="form-actions"><button type="submit" className="button">Show</button></div>
      </form>
      <ProblemBanner problem={problem} />
      {loaded.error && !loaded.data ? <LoadError problem={loaded.error} onRetry={loaded.reload} /> : !loaded.data ? <Loading label="Loading completions…" /> : items.length === 0 ? (
        <p className="muted">No completions match.</p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Completions">
            <thead><tr><th scope="col">externalId</th><th scope="col">Course</th><th scope="col">Learner</th><th scope="col">Completed</th><th scope="col">State</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id ?? c.externalId} data-external-id={c.externalId ?? undefined}>
                  <td data-label="externalId" className="mono">{c.externalId}</td>
                  <td data-label="Course" className="mono">{c.courseCode}{c.ceus !== null && <span className="muted small block">{ceu(c.ceus)} CEUs</span>}</td>
                  <td data-label="Learner">{c.certificationNumber ?? '—'}</td>
                  <td data-label="Completed">{c.completedOn ? formatDate(c.completedOn) : '—'}</td>
                  <td data-label="State"><Badge tone={stateTones[c.state]}>{stateLabels[c.state]}</Badge>{c.message && <span className="small block">{c.message}</span>}</td>
                  <td data-label="Actions">
                    {c.state === 'accepted' || c.state === 'pending-learner' ? voiding === c.externalId ? (
                      <span className="confirm-line" role="group" aria-label={`Confirm voiding ${c.externalId}`}>
                        <span className="small">Void {c.externalId}? Its CEUs stop counting.</span>
                        <button type="button" className="button button--small button--danger" onClick={() => void voidOne(c.externalId!)}>Void now</button>
                        <button type="button" className="button button--small button--ghost" onClick={() => setVoiding(undefined)}>Cancel</button>
                      </span>
                    ) : (
                      <button type="button" className="button button--small" aria-label={`Void ${c.externalId}`} onClick={() => setVoiding(c.externalId!)}>Void…</button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function ProviderKeys() {
  const provider = useProvider();
  const loaded = useLoad((signal) => call(api.GET('/api/v1/provider/keys', { signal })), 'keys');
  const [keys, setKeys] = useState<ApiKey[]>();
  const [name, setName] = useState('');
  const [issued, setIssued] = useState<IssuedKey>();
  const [revoking, setRevoking] = useState<string>();
  const { problem, setProblem, err, edited } = useFormProblem();
  const [busy, setBusy] = useState(false);
  const close = useCallback(() => setIssued(undefined), []);
  const list = keys ?? loaded.data;

  async function issue(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const key = await call(api.POST('/api/v1/provider/keys', { body: { name: name.trim() || null } }));
      setIssued(key);
      setName('');
      setKeys([...(list ?? []), { id: key.id, name: key.name, prefix: key.prefix, createdAt: key.createdAt, revokedAt: null }]);
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(keyId: string) {
    setProblem(undefined);
    try {
      const revoked = await call(api.DELETE('/api/v1/provider/keys/{keyId}', { params: { path: { keyId } } }));
      setKeys((list ?? []).map((k) => (k.id === keyId ? revoked : k)));
      setRevoking(undefined);
    } catch (cause) {
      setProblem(cause as ApiProblem);
    }
  }

  if (loaded.error && !list) return <LoadError problem={loaded.error} onRetry={loaded.reload} />;
  if (!list) return <Loading label="Loading your API keys…" />;
  return (
    <div className="stack">
      <PageHeader title="API keys" subtitle="For a developer or a tool that sends completions for you. A key is shown once, when it is created; Recert keeps only its hash." />
      <ProblemBanner problem={problem} shownFields={['name']} />
      <section className="card card--flush" aria-labelledby="keys-heading">
        <h2 id="keys-heading" className="card__title-pad">Keys</h2>
        {list.length === 0 ? <p className="card__title-pad muted">No keys yet.</p> : (
          <ul className="card__title-pad provider-courses" aria-label="Keys">
            {list.map((key) => (
              <li key={key.id} data-key-prefix={key.prefix}>
                <span><strong>{key.name}</strong> <span className="mono">{key.prefix}…</span>
                  <span className="muted small block">Created {formatDate(key.createdAt.slice(0, 10))}{key.revokedAt && `, revoked ${formatDate(key.revokedAt.slice(0, 10))}`}</span></span>
                {key.revokedAt ? <Badge tone="muted">Revoked</Badge> : revoking === key.id ? (
                  <span className="confirm-line">
                    <button type="button" className="button button--small button--danger" onClick={() => void revoke(key.id)}>Revoke now</button>
                    <button type="button" className="button button--small button--ghost" onClick={() => setRevoking(undefined)}>Cancel</button>
                  </span>
                ) : <button type="button" className="button button--small" aria-label={`Revoke ${key.name} (${key.prefix})`} onClick={() => setRevoking(key.id)}>Revoke…</button>}
              </li>
            ))}
          </ul>
        )}
        <form className="card__title-pad" onSubmit={issue} noValidate aria-labelledby="key-new">
          <h3 id="key-new">Create a key</h3>
          <Field id="key-name" label="Key name" hint="e.g. LMS production" error={err('name')}>
            <input id="key-name" value={name} onChange={(e) => { setName(e.target.value); edited('name'); }}
              aria-invalid={!!err('name')} aria-describedby={describedBy('key-name', err('name'), 'x')} />
          </Field>
          <div className="form-actions"><button className="button button--primary" type="submit" disabled={busy || provider.suspended}>Create key</button></div>
        </form>
      </section>
      {issued && <IssuedKeyDialog issued={issued} providerName={provider.name} onClose={close} />}
    </div>
  );
}

const eventTypes = ['completion.accepted', 'completion.rejected', 'completion.attached', 'completion.voided'];

export function ProviderWebhooks() {
  const provider = useProvider();
  const loaded = useLoad((signal) => call(api.GET('/api/v1/webhooks/endpoints', { signal })), 'endpoints');
  const [endpoints, setEndpoints] = useState<Endpoint[]>();
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState<string[]>(eventTypes);
  const [secret, setSecret] = useState<{ url: string; secret: string }>();
  const { problem, setProblem, err, edited } = useFormProblem();
  const [open, setOpen] = useState<string>();
  const list = endpoints ?? loaded.data;

  async function create(event: FormEvent) {
    event.preventDefault();
    setProblem(undefined);
    try {
      const created = await call(api.POST('/api/v1/webhooks/endpoints', { body: { url: url.trim(), eventTypes: types, secret: null, description: null } }));
      setSecret({ url: created.url, secret: created.secret });
      setUrl('');
      setEndpoints(await call(api.GET('/api/v1/webhooks/endpoints')));
    } catch (cause) {
      setProblem(cause as ApiProblem);
    }
  }

  async function rotate(id: string) {
    setProblem(undefined);
    try {
      const rotated = await call(api.POST('/api/v1/webhooks/endpoints/{id}/rotate-secret', { params: { path: { id } }, body: { secret: null } }));
      setSecret({ url: rotated.url, secret: rotated.secret });
    } catch (cause) {
      setProblem(cause as ApiProblem);
    }
  }

  if (loaded.error && !list) return <LoadError problem={loaded.error} onRetry={loaded.reload} />;
  if (!list) return <Loading label="Loading your webhook endpoints…" />;
  return (
    <div className="stack">
      <PageHeader title="Webhooks" subtitle="Recert calls your URL when a completion is accepted, rejected, attached to a learner or voided (Standard Webhooks signatures)." />
      <ProblemBanner problem={problem} shownFields={['url', 'eventTypes']} />
      {secret && (
        <div className="banner banner--ok" role="status" data-testid="webhook-secret">
          <p className="banner__title">Signing secret for {secret.url}: copy it now, it is not shown again.</p>
          <p className="mono">{secret.secret}</p>
          <button type="button" className="button button--small" onClick={() => setSecret(undefined)}>I have copied it</button>
        </div>
      )}
      {list.length === 0 ? <p className="muted">No endpoints yet.</p> : (
        <ul className="stack plain" aria-label="Endpoints">
          {list.map((endpoint) => (
            <li key={endpoint.id} className="card stack" data-endpoint-url={endpoint.url}>
              <p><strong className="mono">{endpoint.url}</strong> {endpoint.disabled && <Badge tone="muted">Disabled</Badge>}</p>
              <p className="small muted">{endpoint.eventTypes.join(', ')}</p>
              <div className="confirm-line">
                <button type="button" className="button button--small" onClick={() => void rotate(endpoint.id)} disabled={provider.suspended}>Rotate secret</button>
                <button type="button" className="button button--small" aria-expanded={open === endpoint.id} onClick={() => setOpen(open === endpoint.id ? undefined : endpoint.id)}>Deliveries</button>
              </div>
              {open === endpoint.id && <Deliveries endpointId={endpoint.id} />}
            </li>
          ))}
        </ul>
      )}
      <form className="card stack" onSubmit={create} noValidate aria-labelledby="endpoint-new">
        <h2 id="endpoint-new">Add an endpoint</h2>
        <Field id="endpoint-url" label="URL" hint="https://… on the public internet" error={err('url')}>
          <input id="endpoint-url" type="url" value={url} onChange={(e) => { setUrl(e.target.value); edited('url'); }}
            aria-invalid={!!err('url')} aria-describedby={describedBy('endpoint-url', err('url'), 'x')} />
        </Field>
        <fieldset className="fieldset">
          <legend>Events</legend>
          {eventTypes.map((type) => (
            <label key={type} className="check">
              <input type="checkbox" checked={types.includes(type)} onChange={(e) => setTypes(e.target.checked ? [...types, type] : types.filter((t) => t !== type))} /> {type}
            </label>
          ))}
        </fieldset>
        <div className="form-actions"><button type="submit" className="button button--primary" disabled={provider.suspended}>Add endpoint</button></div>
      </form>
    </div>
  );
}

function Deliveries({ endpointId }: { endpointId: string }) {
  const loaded = useLoad((signal) => call(api.GET('/api/v1/webhooks/endpoints/{id}/deliveries', { params: { path: { id: endpointId }, query: { limit: 50 } }, signal })), endpointId);
  const [problem, setProblem] = useState<ApiProblem>();
  const [sent, setSent] = useState<Record<string, Delivery>>({});

  async function redeliver(id: string) {
    setProblem(undefined);
    try {
      const delivery = await call(api.POST('/api/v1/webhooks/deliveries/{id}/redeliver', { params: { path: { id } } }));
      setSent({ ...sent, [id]: delivery });
    } catch (cause) {
      setProblem(cause as ApiProblem);
    }
  }

  if (loaded.error && !loaded.data) return <LoadError problem={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading label="Loading deliveries…" height={60} />;
  return (
    <div className="stack">
      <ProblemBanner problem={problem} />
      <div className="form-actions"><button type="button" className="button button--small button--ghost" onClick={loaded.reload}>Refresh</button></div>
      {loaded.data.length === 0 ? <p className="muted small">Nothing sent yet.</p> : (
        <table className="table" aria-label="Deliveries">
          <thead><tr><th scope="col">Event</th><th scope="col">State</th><th scope="col">Last answer</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {loaded.data.map((d) => {
              const shown = sent[d.id] ?? d;
              return (
                <tr key={d.id} data-delivery-state={shown.state}>
                  <td data-label="Event"><span className="mono">{shown.eventType}</span><span className="muted small block">{formatDateTime(shown.createdAt)}</span></td>
                  <td data-label="State">{deliveryStateLabel(shown, (iso) => formatDateTime(iso))}</td>
                  <td data-label="Last answer">{shown.lastStatus ?? '—'} {shown.lastError && <span className="small block">{shown.lastError}</span>}</td>
                  <td data-label="Actions">{sent[d.id] ? <span className="small">Sending again</span> : <button type="button" className="button button--small" onClick={() => void redeliver(d.id)}>Redeliver</button>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function LearnerCheck() {
  const [number, setNumber] = useState('');
  const [lastName, setLastName] = useState('');
  const [answer, setAnswer] = useState<Schemas['LearnerCheckResponse']>();
  const { problem, setProblem, err, edited } = useFormProblem();

  async function check(event: FormEvent) {
    event.preventDefault();
    setProblem(undefined);
    setAnswer(undefined);
    try {
      setAnswer(await call(api.GET('/api/v1/learners/{certificationNumber}', { params: { path: { certificationNumber: number.trim() }, query: { lastName: lastName.trim() } } })));
    } catch (cause) {
      setProblem(cause as ApiProblem);
    }
  }

  return (
    <div className="stack">
      <PageHeader title="Check a learner" subtitle="Before enrolling someone: does the certification number belong to a person of this last name, and is the certification current?" />
      <form className="card stack" onSubmit={check} noValidate aria-label="Check a learner">
        <ProblemBanner problem={problem} shownFields={['certificationNumber', 'lastName']} />
        <div className="grid-2">
          <Field id="learner-number" label="Certification number" error={err('certificationNumber')}>
            <input id="learner-number" value={number} onChange={(e) => { setNumber(e.target.value); edited('certificationNumber'); }}
              aria-invalid={!!err('certificationNumber')} aria-describedby={describedBy('learner-number', err('certificationNumber'))} />
          </Field>
          <Field id="learner-last-name" label="Last name" error={err('lastName')}>
            <input id="learner-last-name" value={lastName} onChange={(e) => { setLastName(e.target.value); edited('lastName'); }}
              aria-invalid={!!err('lastName')} aria-describedby={describedBy('learner-last-name', err('lastName'))} />
          </Field>
        </div>
        <div className="form-actions"><button type="submit" className="button button--primary" disabled={!number.trim()}>Check</button></div>
      </form>
      {answer && (
        <div className={`banner ${answer.matches ? 'banner--ok' : 'banner--warn'}`} role="status">
          {answer.matches ? `${answer.certificationNumber} matches; the certification is ${answer.status}.` : `${answer.certificationNumber} and this last name do not match a certification.`}
        </div>
      )}
    </div>
  );
}
