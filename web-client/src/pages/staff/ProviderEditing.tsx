import { useState, type FormEvent } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { describedBy, Field, LoadError, Loading, ProblemBanner } from '../../components/ui';
import { areaLabels, areas, formatDateTime } from '../../lib/format';
import { checkCourse, checkProvider, providerFields, type CourseField, type ProviderField, type ProviderForm } from '../../lib/providers';
import { useLoad } from '../../lib/useLoad';
import type { Provider } from './ProvidersStatus';

type Course = Schemas['CourseResponse'];
type ProviderChange = Schemas['ProviderChangeResponse'];

const editableCourseFields = ['title', 'ceus', 'area', 'approvedFrom', 'approvedUntil', 'activityId'] as const;
type EditableCourseField = (typeof editableCourseFields)[number];

/** Staff correct a provider's name, contact or approval period; the API keeps each change in the history below. */
export function ProviderEditForm({ provider, onSaved, onCancel }: { provider: Provider; onSaved: (p: Provider) => void; onCancel: () => void }) {
  const [form, setForm] = useState<ProviderForm>({
    name: provider.name, contactName: provider.contactName ?? '', contactEmail: provider.contactEmail,
    approvedFrom: provider.approvedFrom, approvedUntil: provider.approvedUntil,
  });
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
      onSaved(await call(api.PUT('/api/v1/staff/providers/{id}', { params: { path: { id: provider.id } }, body: checked.body })));
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  const conflict = problem?.code === 'provider.exists' ? problem.detail : undefined;
  const errorOf = (name: ProviderField) => localErrors[name] ?? problem?.field(name) ?? (name === 'name' ? conflict : undefined);
  const input = (name: ProviderField, label: string, type = 'text') => {
    const id = `provider-edit-${name}`;
    const error = errorOf(name);
    return (
      <Field id={id} label={label} error={error}>
        <input id={id} type={type} value={form[name]} aria-invalid={!!error} aria-describedby={describedBy(id, error)}
          onChange={(e) => { setForm({ ...form, [name]: e.target.value }); setLocalErrors({ ...localErrors, [name]: undefined }); }} />
      </Field>
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="provider-edit-heading" className="stack">
      <h2 id="provider-edit-heading">Edit provider</h2>
      {!conflict && <ProblemBanner problem={problem} shownFields={providerFields} />}
      {input('name', 'Name')}
      <div className="grid-2">
        {input('contactName', 'Contact name (optional)')}
        {input('contactEmail', 'Contact email', 'email')}
      </div>
      <div className="grid-2">
        {input('approvedFrom', 'Approved from', 'date')}
        {input('approvedUntil', 'Approved until', 'date')}
      </div>
      <p className="small muted">A new approval period applies to completions pushed from now on; completions already recorded stay as they are.</p>
      <div className="form-actions">
        <button className="button button--primary" type="submit" disabled={busy}>{busy ? 'Saving…' : 'Save provider'}</button>
        <button className="button button--ghost" type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

/** The edit form for one course, shown in place of its row. The code stays: providers report completions by it. */
export function CourseEditForm({ providerId, course, onSaved, onCancel }: { providerId: string; course: Course; onSaved: (c: Course) => void; onCancel: () => void }) {
  const [form, setForm] = useState<Record<EditableCourseField, string>>({
    title: course.title, ceus: String(course.ceus), area: course.area, approvedFrom: course.approvedFrom, approvedUntil: course.approvedUntil, activityId: course.activityId ?? '',
  });
  const [localErrors, setLocalErrors] = useState<Partial<Record<CourseField, string>>>({});
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = checkCourse({ ...form, code: course.code });
    setLocalErrors(checked.errors);
    setProblem(undefined);
    if (!checked.body) return;
    const { code: _code, ...body } = checked.body;
    setBusy(true);
    try {
      onSaved(await call(api.PUT('/api/v1/staff/providers/{id}/courses/{courseId}', { params: { path: { id: providerId, courseId: course.id } }, body })));
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  const conflict = problem?.code === 'course.exists' ? problem.detail : undefined;
  const errorOf = (name: EditableCourseField) => localErrors[name] ?? problem?.field(name) ?? (name === 'activityId' ? conflict : undefined);
  const prefix = `course-edit-${course.code}`;
  const input = (name: EditableCourseField, label: string, props: { type?: string; inputMode?: 'decimal' } = {}) => {
    const id = `${prefix}-${name}`;
    const error = errorOf(name);
    return (
      <Field id={id} label={label} error={error}>
        <input id={id} type={props.type ?? 'text'} inputMode={props.inputMode} value={form[name]} aria-invalid={!!error} aria-describedby={describedBy(id, error)}
          onChange={(e) => { setForm({ ...form, [name]: e.target.value }); setLocalErrors({ ...localErrors, [name]: undefined }); }} />
      </Field>
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-label={`Edit course ${course.code}`} className="stack course-edit">
      {!conflict && <ProblemBanner problem={problem} shownFields={editableCourseFields} />}
      {input('title', 'Title')}
      <div className="grid-2">
        {input('ceus', 'CEUs', { inputMode: 'decimal' })}
        <Field id={`${prefix}-area`} label="Area" error={errorOf('area')}>
          <select id={`${prefix}-area`} value={form.area} onChange={(e) => setForm({ ...form, area: e.target.value })}
            aria-invalid={!!errorOf('area')} aria-describedby={describedBy(`${prefix}-area`, errorOf('area'))}>
            {areas.map((area) => <option key={area} value={area}>{areaLabels[area]}</option>)}
          </select>
        </Field>
      </div>
      <div className="grid-2">
        {input('approvedFrom', 'Approved from', { type: 'date' })}
        {input('approvedUntil', 'Approved until', { type: 'date' })}
      </div>
      {input('activityId', 'xAPI activity id (optional)')}
      <p className="small muted">Completions already recorded keep the title, CEUs and area they were recorded with.</p>
      <div className="form-actions">
        <button className="button button--primary button--small" type="submit" disabled={busy}>{busy ? 'Saving…' : `Save ${course.code}`}</button>
        <button className="button button--ghost button--small" type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

const fieldLabels: Record<string, string> = {
  name: 'Name', contactName: 'Contact name', contactEmail: 'Contact email', title: 'Title', ceus: 'CEUs', area: 'Area',
  approvedFrom: 'Approved from', approvedUntil: 'Approved until', activityId: 'xAPI activity id',
};

function shown(field: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '(none)';
  return field === 'area' && value in areaLabels ? areaLabels[value as keyof typeof areaLabels] : value;
}

/** Who changed what and when, newest first. `version` reloads it after an edit on the page. */
export function ProviderHistory({ providerId, version }: { providerId: string; version: number }) {
  const loaded = useLoad(
    (signal) => call(api.GET('/api/v1/staff/providers/{id}/history', { params: { path: { id: providerId } }, signal })),
    `${providerId}/${version}`,
  );
  return (
    <section className="card" aria-labelledby="provider-history-heading">
      <h2 id="provider-history-heading">History of changes</h2>
      {loaded.error ? <LoadError problem={loaded.error} onRetry={loaded.reload} /> : !loaded.data ? <Loading label="Loading the history…" height={80} /> : loaded.data.length === 0 ? (
        <p className="muted">No edits yet.</p>
      ) : (
        <ol className="provider-history" aria-label="Changes, newest first">
          {loaded.data.map((change: ProviderChange) => (
            <li key={change.id}>
              <p className="small"><strong>{change.courseCode ? `Course ${change.courseCode}` : 'Provider'}</strong> · {change.changedBy} · {formatDateTime(change.changedAt)}</p>
              <ul className="small">
                {change.changes.map((c) => (
                  <li key={c.field}>{fieldLabels[c.field] ?? c.field}: <del>{shown(c.field, c.before)}</del> → <ins>{shown(c.field, c.after)}</ins></li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
