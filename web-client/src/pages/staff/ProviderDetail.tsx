import { useCallback, useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { Badge, describedBy, Field, LoadError, Loading, PageHeader, ProblemBanner } from '../../components/ui';
import { areaLabels, areas, ceu, formatDate } from '../../lib/format';
import { approvedOn, checkCourse, courseFields, organisationToday, type CourseField, type CourseForm } from '../../lib/providers';
import { useLoad } from '../../lib/useLoad';
import { CourseEditForm, ProviderEditForm, ProviderHistory } from './ProviderEditing';
import { IssuedKeyDialog, type IssuedKey } from './ProvidersKeyDialog';
import { ProviderStatus, type Provider } from './ProvidersStatus';
import './providers.css';
import { useFormProblem } from '../../lib/formProblem';

type Course = Schemas['CourseResponse'];
type ApiKey = Schemas['ApiKeyResponse'];

function findProvider(id: string, signal: AbortSignal): Promise<Provider> {
  return call(api.GET('/api/v1/staff/providers/{id}', { params: { path: { id } }, signal }));
}

export function StaffProviderDetail() {
  const id = useParams().id!;
  const state = useLocation().state as { provider?: Provider; created?: boolean } | null;
  const handed = state?.provider?.id === id ? state.provider : undefined;
  const loaded = useLoad(
    async (signal) =>
      Promise.all([
        handed ?? findProvider(id, signal),
        call(api.GET('/api/v1/staff/providers/{id}/courses', { params: { path: { id } }, signal })),
        call(api.GET('/api/v1/staff/providers/{id}/keys', { params: { path: { id } }, signal })),
      ]),
    id,
  );
  const [provider, setProvider] = useState<Provider>();
  const [courses, setCourses] = useState<Course[]>();
  const [keys, setKeys] = useState<ApiKey[]>();
  const [historyVersion, setHistoryVersion] = useState(0);
  const edited = () => setHistoryVersion((v) => v + 1);

  const current = provider ?? loaded.data?.[0];
  const courseList = courses ?? loaded.data?.[1];
  const keyList = keys ?? loaded.data?.[2];

  if (loaded.error && !loaded.data) return <LoadError problem={loaded.error} onRetry={loaded.reload} />;
  if (!current || !courseList || !keyList) return <Loading label="Loading the provider…" height={480} />;

  return (
    <div className="stack">
      <p className="small"><Link to="/staff/providers">← All providers</Link></p>
      <PageHeader title={current.name} subtitle="Courses approved for CEUs and the API keys the provider reports completions with." />
      {state?.created && <div className="banner banner--ok" role="status">Provider added. Add its courses and issue an API key.</div>}
      <ProviderSummary provider={current} onChange={setProvider} onEdited={(p) => { setProvider(p); edited(); }} />
      <div className="providers-layout">
        <Courses providerId={current.id} courses={courseList} onAdded={(course) => setCourses([...courseList, course])}
          onEdited={(course) => { setCourses(courseList.map((c) => (c.id === course.id ? course : c))); edited(); }} />
        <Keys provider={current} keys={keyList} onChange={setKeys} />
      </div>
      <PortalUsers providerId={current.id} />
      <ProviderHistory providerId={current.id} version={historyVersion} />
    </div>
  );
}

function ProviderSummary({ provider, onChange, onEdited }: { provider: Provider; onChange: (p: Provider) => void; onEdited: (p: Provider) => void }) {
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const today = organisationToday();

  async function toggle() {
    setBusy(true);
    setProblem(undefined);
    try {
      const path = provider.suspended ? '/api/v1/staff/providers/{id}/reinstate' : '/api/v1/staff/providers/{id}/suspend';
      onChange(await call(api.POST(path, { params: { path: { id: provider.id } } })));
      setConfirming(false);
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  if (editing) {
    return (
      <section className="card" aria-label="Provider">
        <ProviderEditForm provider={provider} onSaved={(p) => { setEditing(false); setSaved(true); onEdited(p); }} onCancel={() => setEditing(false)} />
      </section>
    );
  }

  return (
    <section className="card stack" aria-label="Provider">
      {saved && <div className="banner banner--ok" role="status">Provider saved; the change is in the history below.</div>}
      <dl className="provider-facts">
        <div><dt>Status</dt><dd><ProviderStatus provider={provider} today={today} />{provider.suspendedAt && <span className="small muted"> since {formatDate(provider.suspendedAt.slice(0, 10))}</span>}</dd></div>
        <div><dt>Approved</dt><dd>{formatDate(provider.approvedFrom)} – {formatDate(provider.approvedUntil)}</dd></div>
        <div><dt>Contact</dt><dd>{provider.contactName ? `${provider.contactName}, ` : ''}<a href={`mailto:${provider.contactEmail}`}>{provider.contactEmail}</a></dd></div>
      </dl>
      <ProblemBanner problem={problem} />
      {provider.suspended ? (
        <div className="confirm-line">
          <span className="muted small">Completions it sends are rejected (provider.suspended) until it is reinstated.</span>
          <button type="button" className="button button--small" disabled={busy} onClick={toggle}>Reinstate</button>
        </div>
      ) : confirming ? (
        <div className="confirm-line" role="group" aria-label="Confirm suspension">
          <span>Suspend {provider.name}? Every completion it sends will be rejected until it is reinstated.</span>
          <button type="button" className="button button--small button--danger" disabled={busy} onClick={toggle}>Suspend now</button>
          <button type="button" className="button button--small button--ghost" onClick={() => setConfirming(false)}>Cancel</button>
        </div>
      ) : (
        <div className="confirm-line">
          <button type="button" className="button button--small" onClick={() => { setSaved(false); setEditing(true); }}>Edit provider</button>
          <button type="button" className="button button--small" onClick={() => setConfirming(true)}>Suspend…</button>
        </div>
      )}
    </section>
  );
}

const emptyCourse: CourseForm = { code: '', title: '', ceus: '', area: '', approvedFrom: '', approvedUntil: '', activityId: '' };

export function Courses({ providerId, courses, onAdded, onEdited }: { providerId: string; courses: Course[]; onAdded: (course: Course) => void; onEdited?: (course: Course) => void }) {
  const [editing, setEditing] = useState<string>();
  const [form, setForm] = useState<CourseForm>(emptyCourse);
  const { problem, setProblem, setFieldErrors, err, edited } = useFormProblem();
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<string>();
  const today = organisationToday();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = checkCourse(form);
    setProblem(undefined);
    setFieldErrors(checked.errors);
    setAdded(undefined);
    if (!checked.body) return;
    setBusy(true);
    try {
      const course = await call(api.POST('/api/v1/staff/providers/{id}/courses', { params: { path: { id: providerId } }, body: checked.body }));
      onAdded(course);
      setAdded(`${course.code} ${course.title} added.`);
      setForm(emptyCourse);
    } catch (cause) {
      const answer = cause as ApiProblem;
      setProblem(answer);
      // A 409 (the code, or the activity id, is already used by this provider) is shown next to the code.
      if (answer.code === 'course.exists' && answer.detail) setFieldErrors({ code: answer.detail });
    } finally {
      setBusy(false);
    }
  }

  const input = (name: CourseField, label: string, props: { type?: string; hint?: string; inputMode?: 'decimal' } = {}) => {
    const id = `course-${name}`;
    const error = err(name);
    return (
      <Field id={id} label={label} error={error} hint={props.hint}>
        <input id={id} type={props.type ?? 'text'} inputMode={props.inputMode} value={form[name]} onChange={(e) => { setForm({ ...form, [name]: e.target.value }); edited(name); }}
          aria-invalid={!!error} aria-describedby={describedBy(id, error, props.hint)} />
      </Field>
    );
  };

  return (
    <section className="card card--flush" aria-labelledby="courses-heading">
      <h2 id="courses-heading" className="card__title-pad">Courses</h2>
      {courses.length === 0 ? (
        <p className="card__title-pad muted">No courses yet: completions are rejected (course.unknown) until a course is added.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Course</th>
                <th scope="col" className="num">CEUs</th>
                <th scope="col">Approved</th>
                {onEdited && <th scope="col"><span className="visually-hidden">Actions</span></th>}
              </tr>
            </thead>
            <tbody>
              {courses.map((course) => editing === course.id && onEdited ? (
                <tr key={course.id} className="row--form">
                  <td colSpan={4}>
                    <p><span className="mono">{course.code}</span> <strong>{course.title}</strong></p>
                    <CourseEditForm providerId={providerId} course={course} onSaved={(c) => { setEditing(undefined); setAdded(`${c.code} saved.`); onEdited(c); }} onCancel={() => setEditing(undefined)} />
                  </td>
                </tr>
              ) : (
                <tr key={course.id}>
                  <td data-label="Course">
                    <span className="mono">{course.code}</span> <strong>{course.title}</strong>
                    <span className="muted small block">{areaLabels[course.area]}</span>
                    {course.activityId && <span className="muted small block mono">xAPI: {course.activityId}</span>}
                  </td>
                  <td data-label="CEUs" className="num">{ceu(course.ceus)}</td>
                  <td data-label="Approved">
                    {formatDate(course.approvedFrom)} – {formatDate(course.approvedUntil)}
                    {!approvedOn(course, today) && <span className="block"><Badge tone="muted">Not approved today</Badge></span>}
                  </td>
                  {onEdited && (
                    <td data-label="Actions">
                      <button type="button" className="button button--small" onClick={() => { setAdded(undefined); setEditing(course.id); }}>Edit <span className="visually-hidden">{course.code}</span></button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="card__title-pad course-form" onSubmit={submit} noValidate aria-labelledby="course-new">
        <h3 id="course-new">Add a course</h3>
        {added && <div className="banner banner--ok" role="status">{added}</div>}
        {problem?.code !== 'course.exists' && <ProblemBanner problem={problem} shownFields={courseFields} />}
        <div className="grid-2">
          {input('code', 'Code', { hint: 'Unique for this provider, e.g. KB-101.' })}
          {input('ceus', 'CEUs', { inputMode: 'decimal', hint: 'e.g. 0.8 (10 contact hours = 1.0 CEU).' })}
        </div>
        {input('title', 'Title')}
        <Field id="course-area" label="Area" error={err('area')}>
          <select id="course-area" value={form.area} onChange={(e) => { setForm({ ...form, area: e.target.value }); edited('area'); }}
            aria-invalid={!!err('area')} aria-describedby={describedBy('course-area', err('area'))}>
            <option value="">Choose…</option>
            {areas.map((area) => <option key={area} value={area}>{areaLabels[area]}</option>)}
          </select>
        </Field>
        <div className="grid-2">
          {input('approvedFrom', 'Approved from', { type: 'date' })}
          {input('approvedUntil', 'Approved until', { type: 'date' })}
        </div>
        {input('activityId', 'xAPI activity id', { hint: 'Optional: the LMS’s activity IRI, for xAPI statements.' })}
        <div className="form-actions">
          <button className="button button--primary" type="submit" disabled={busy}>{busy ? 'Adding…' : 'Add course'}</button>
        </div>
      </form>
    </section>
  );
}

export function Keys({ provider, keys, onChange }: { provider: Provider; keys: ApiKey[]; onChange: (keys: ApiKey[]) => void }) {
  const [name, setName] = useState('');
  const [issued, setIssued] = useState<IssuedKey>();
  const [revoking, setRevoking] = useState<string>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const close = useCallback(() => setIssued(undefined), []);

  async function issue(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const key = await call(api.POST('/api/v1/staff/providers/{id}/keys', { params: { path: { id: provider.id } }, body: { name: name.trim() || null } }));
      setIssued(key);
      setName('');
      onChange([...keys, { id: key.id, name: key.name, prefix: key.prefix, createdAt: key.createdAt, revokedAt: null }]);
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(keyId: string) {
    setBusy(true);
    setProblem(undefined);
    try {
      const revoked = await call(api.DELETE('/api/v1/staff/providers/{id}/keys/{keyId}', { params: { path: { id: provider.id, keyId } } }));
      onChange(keys.map((k) => (k.id === keyId ? revoked : k)));
      setRevoking(undefined);
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  const nameError = problem?.field('name');
  return (
    <section className="card card--flush" aria-labelledby="keys-heading">
      <h2 id="keys-heading" className="card__title-pad">API keys</h2>
      {keys.length === 0 ? (
        <p className="card__title-pad muted">No keys yet.</p>
      ) : (
        <ul className="card__title-pad provider-courses" aria-label="Keys">
          {keys.map((key) => (
            <li key={key.id} data-key-prefix={key.prefix}>
              <span>
                <strong>{key.name}</strong> <span className="mono">{key.prefix}…</span>
                <span className="muted small block">Issued {formatDate(key.createdAt.slice(0, 10))}{key.revokedAt && `, revoked ${formatDate(key.revokedAt.slice(0, 10))}`}</span>
              </span>
              {key.revokedAt ? (
                <Badge tone="muted">Revoked</Badge>
              ) : revoking === key.id ? (
                <span className="confirm-line">
                  <button type="button" className="button button--small button--danger" disabled={busy} onClick={() => revoke(key.id)}>Revoke now</button>
                  <button type="button" className="button button--small button--ghost" onClick={() => setRevoking(undefined)}>Cancel</button>
                </span>
              ) : (
                <button type="button" className="button button--small" aria-label={`Revoke ${key.name} (${key.prefix})`} onClick={() => setRevoking(key.id)}>Revoke…</button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form className="card__title-pad" onSubmit={issue} noValidate aria-labelledby="key-new">
        <h3 id="key-new">Issue a key</h3>
        <ProblemBanner problem={problem} shownFields={['name']} />
        <Field id="key-name" label="Key name" hint="Optional, e.g. production or staging. To rotate: issue a new key, let the provider deploy it, then revoke the old one." error={nameError}>
          <input id="key-name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!nameError} aria-describedby={describedBy('key-name', nameError, 'x')} />
        </Field>
        <div className="form-actions">
          <button className="button button--primary" type="submit" disabled={busy}>Issue key</button>
        </div>
      </form>
      {issued && <IssuedKeyDialog issued={issued} providerName={provider.name} onClose={close} />}
    </section>
  );
}

type PortalUser = Schemas['ProviderUserResponse'];

/** People of the provider who use the provider portal: staff invite them by email (a link valid 7 days, usable once). */
export function PortalUsers({ providerId }: { providerId: string }) {
  const loaded = useLoad((signal) => call(api.GET('/api/v1/staff/providers/{id}/users', { params: { path: { id: providerId } }, signal })), providerId);
  const [users, setUsers] = useState<PortalUser[]>();
  const [form, setForm] = useState({ email: '', firstName: '', lastName: '' });
  const { problem, setProblem, setFieldErrors, err, edited } = useFormProblem();
  const [sent, setSent] = useState<string>();
  const [busy, setBusy] = useState(false);
  const list = users ?? loaded.data;

  async function invite(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    setSent(undefined);
    try {
      const user = await call(api.POST('/api/v1/staff/providers/{id}/users', { params: { path: { id: providerId } }, body: form }));
      setUsers([...(list ?? []).filter((u) => u.id !== user.id), user]);
      setSent(`Invitation sent to ${user.email}.`);
      setForm({ email: '', firstName: '', lastName: '' });
    } catch (cause) {
      const answer = cause as ApiProblem;
      setProblem(answer);
      setFieldErrors(answer.code === 'provider-user.email-in-use' && answer.detail ? { email: answer.detail } : {});
    } finally {
      setBusy(false);
    }
  }

  const input = (name: 'email' | 'firstName' | 'lastName', label: string) => {
    const id = `portal-user-${name}`;
    const error = err(name);
    return (
      <Field id={id} label={label} error={error}>
        <input id={id} type={name === 'email' ? 'email' : 'text'} value={form[name]} onChange={(e) => { setForm({ ...form, [name]: e.target.value }); edited(name); }}
          aria-invalid={!!error} aria-describedby={describedBy(id, error)} />
      </Field>
    );
  };

  return (
    <section className="card card--flush" aria-labelledby="portal-users-heading">
      <h2 id="portal-users-heading" className="card__title-pad">Provider portal users</h2>
      {loaded.error && !list ? <LoadError problem={loaded.error} onRetry={loaded.reload} /> : !list ? <Loading label="Loading portal users…" height={60} /> : list.length === 0 ? (
        <p className="card__title-pad muted">Nobody yet. People you invite upload rosters and manage keys and webhooks in the browser.</p>
      ) : (
        <ul className="card__title-pad provider-courses" aria-label="Portal users">
          {list.map((user) => (
            <li key={user.id}>
              <span><strong>{user.firstName} {user.lastName}</strong> {user.email}
                <span className="muted small block">Invited {formatDate(user.invitedAt.slice(0, 10))}{user.acceptedAt && `, joined ${formatDate(user.acceptedAt.slice(0, 10))}`}</span></span>
              {user.accepted ? <Badge tone="ok">Active</Badge> : <Badge tone="warn">Invited</Badge>}
            </li>
          ))}
        </ul>
      )}
      <form className="card__title-pad" onSubmit={invite} noValidate aria-labelledby="portal-user-new">
        <h3 id="portal-user-new">Invite a person</h3>
        {sent && <div className="banner banner--ok" role="status">{sent}</div>}
        {problem?.code !== 'provider-user.email-in-use' && <ProblemBanner problem={problem} shownFields={['email', 'firstName', 'lastName']} />}
        {input('email', 'Email')}
        <div className="grid-2">
          {input('firstName', 'First name')}
          {input('lastName', 'Last name')}
        </div>
        <div className="form-actions"><button className="button button--primary" type="submit" disabled={busy}>{busy ? 'Sending…' : 'Send invitation'}</button></div>
      </form>
    </section>
  );
}
