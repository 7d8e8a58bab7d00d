import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call, type CeuArea, type DocumentInfo } from '../api/client';
import { ApiProblem } from '../api/problem';
import { FileDrop } from '../components/FileDrop';
import { describedBy, Field, LoadError, Loading, PageHeader, ProblemBanner } from '../components/ui';
import { useFormProblem } from '../lib/formProblem';
import { useLoad } from '../lib/useLoad';
import { areaLabels, areas } from '../lib/format';
import { CycleNote, useCycleFit } from '../components/CycleFit';

const shown = ['title', 'area', 'ceus', 'contactHours', 'completedOn', 'documentId'];

interface CeuValues {
  title: string;
  area: CeuArea | '';
  ceus: string;
  completedOn: string;
  documentId: string | null;
}

export function AddCeu() {
  const number = useParams().number!;
  const navigate = useNavigate();
  const base = `/certifications/${encodeURIComponent(number)}`;
  return (
    <div className="narrow">
      <PageHeader title="Add CEUs" subtitle="Record a course or event you completed that is not already on your transcript, with its certificate of completion." />
      <p className="muted" data-testid="approved-providers-hint">
        Took a course from an <Link to="/providers">approved provider</Link>? It reaches your transcript automatically; no need to add it here.
      </p>
      <CeuForm
        number={number}
        submitLabel="Add activity"
        save={async (body) => {
          await call(api.POST('/api/v1/certifications/{number}/ceus', { params: { path: { number } }, body: { ...body, source: 'other', courseCode: null } }));
          navigate(`${base}/transcript`, { state: { added: body.title } });
        }}
      />
    </div>
  );
}

/** Correct or remove an "other" activity the trainer reported, until an application relies on it (the API says 409 then). */
export function EditCeu() {
  const { number, id } = useParams() as { number: string; id: string };
  const navigate = useNavigate();
  const base = `/certifications/${encodeURIComponent(number)}`;
  const loaded = useLoad((signal) => call(api.GET('/api/v1/certifications/{number}/ceus', { params: { path: { number } }, signal })), number);
  const [confirming, setConfirming] = useState(false);
  const [removeProblem, setRemoveProblem] = useState<ApiProblem>();
  const entry = loaded.data?.activities.find((a) => a.id === id);

  async function remove() {
    setRemoveProblem(undefined);
    try {
      await call(api.DELETE('/api/v1/certifications/{number}/ceus/{id}', { params: { path: { number, id } } }));
      navigate(`${base}/transcript`, { state: { removed: entry?.title } });
    } catch (cause) {
      setRemoveProblem(cause as ApiProblem);
      setConfirming(false);
    }
  }

  return (
    <div className="narrow">
      <PageHeader title="Edit a CEU" subtitle="Correct an activity you reported. Once an application you submitted relies on it, it can no longer be changed." />
      {loaded.error && <LoadError problem={loaded.error} onRetry={loaded.reload} />}
      {!loaded.data && !loaded.error && <Loading label="Loading the activity…" />}
      {loaded.data && !entry && <LoadError problem={new ApiProblem(404, { title: 'Not found.', detail: 'This activity is not on your transcript.' })} />}
      {entry && !entry.editable && (
        <div className="banner banner--info" role="status">
          “{entry.title}” can no longer be changed: it was not reported by you, or an application relies on it. <Link to={`${base}/transcript`}>Back to the transcript</Link>
        </div>
      )}
      {entry && entry.editable && (
        <>
          <CeuForm
            number={number}
            initial={{ title: entry.title, area: entry.area, ceus: String(entry.ceus), completedOn: entry.completedOn, documentId: entry.documentId ?? null }}
            submitLabel="Save changes"
            save={async (body) => {
              await call(api.PUT('/api/v1/certifications/{number}/ceus/{id}', { params: { path: { number, id } }, body }));
              navigate(`${base}/transcript`, { state: { edited: body.title } });
            }}
          />
          <section className="card" aria-labelledby="remove-heading">
            <h2 id="remove-heading">Remove this activity</h2>
            <ProblemBanner problem={removeProblem} />
            {confirming ? (
              <div className="form-actions">
                <button type="button" className="button button--danger" onClick={() => void remove()}>Yes, remove “{entry.title}”</button>
                <button type="button" className="button button--ghost" onClick={() => setConfirming(false)}>Keep it</button>
              </div>
            ) : (
              <button type="button" className="button button--ghost" onClick={() => setConfirming(true)}>Remove activity</button>
            )}
          </section>
        </>
      )}
    </div>
  );
}

interface CeuBody {
  title: string;
  area: CeuArea;
  ceus: number | null;
  contactHours: number | null;
  completedOn: string;
  documentId: string | null;
}

function CeuForm({ number, initial, submitLabel, save }: { number: string; initial?: CeuValues; submitLabel: string; save: (body: CeuBody) => Promise<void> }) {
  const [title, setTitle] = useState(initial?.title ?? '');
  const [area, setArea] = useState<CeuArea | ''>(initial?.area ?? '');
  const [unit, setUnit] = useState<'ceus' | 'contactHours'>('ceus');
  const [amount, setAmount] = useState(initial?.ceus ?? '');
  const [completedOn, setCompletedOn] = useState(initial?.completedOn ?? '');
  const [document, setDocument] = useState<DocumentInfo>();
  const [busy, setBusy] = useState(false);
  const { problem, setProblem, err, edited } = useFormProblem();
  const fit = useCycleFit(number, completedOn);
  const base = `/certifications/${encodeURIComponent(number)}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const value = amount.trim() === '' ? null : Number(amount);
    const missing: Record<string, string[]> = {};
    if (!title.trim()) missing.title = ['Enter the title shown on the certificate.'];
    if (!area) missing.area = ['Choose the area the activity covers.'];
    if (value === null || Number.isNaN(value)) missing[unit] = ['Enter a number, e.g. 0.6 CEUs or 6 contact hours.'];
    if (!completedOn) missing.completedOn = ['Enter the date you completed it.'];
    if (Object.keys(missing).length > 0) {
      setProblem(new ApiProblem(400, { title: 'Please correct the fields marked below.', errors: missing }));
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      await save({
        title,
        // An empty choice is sent as-is so the API names the field.
        area: area as CeuArea,
        ceus: unit === 'ceus' ? value : null,
        contactHours: unit === 'contactHours' ? value : null,
        completedOn,
        documentId: document?.id ?? initial?.documentId ?? null,
      });
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  const amountError = err('ceus') ?? err('contactHours');
  return (
      <form className="card" onSubmit={submit} noValidate>
        <ProblemBanner problem={problem} shownFields={shown} />
        <Field id="ceu-title" label="Course or event title" error={err('title')}>
          <input id="ceu-title" value={title} onChange={(e) => { setTitle(e.target.value); edited('title'); }} required
            aria-invalid={!!err('title')} aria-describedby={describedBy('ceu-title', err('title'))} />
        </Field>
        <Field id="ceu-area" label="Area" error={err('area')}>
          <select id="ceu-area" value={area} onChange={(e) => { setArea(e.target.value as CeuArea); edited('area'); }} required
            aria-invalid={!!err('area')} aria-describedby={describedBy('ceu-area', err('area'))}>
            <option value="">Choose an area…</option>
            {areas.map((a) => (
              <option key={a} value={a}>{areaLabels[a]}</option>
            ))}
          </select>
        </Field>
        <fieldset className="fieldset">
          <legend>Amount</legend>
          <div className="segmented" role="radiogroup" aria-label="Unit">
            <label className={unit === 'ceus' ? 'is-on' : ''}>
              <input type="radio" name="unit" value="ceus" checked={unit === 'ceus'} onChange={() => setUnit('ceus')} /> CEUs
            </label>
            <label className={unit === 'contactHours' ? 'is-on' : ''}>
              <input type="radio" name="unit" value="contactHours" checked={unit === 'contactHours'} onChange={() => setUnit('contactHours')} /> Contact hours
            </label>
          </div>
          <Field id="ceu-amount" label={unit === 'ceus' ? 'Amount in CEUs' : 'Amount in contact hours'} hint="1 contact hour = 0.1 CEU." error={amountError}>
            <input id="ceu-amount" inputMode="decimal" value={amount} onChange={(e) => { setAmount(e.target.value); edited('ceus', 'contactHours'); }} required
              aria-invalid={!!amountError} aria-describedby={describedBy('ceu-amount', amountError, 'x')} />
          </Field>
        </fieldset>
        <Field id="ceu-completed" label="Completed on" error={err('completedOn')}>
          <input id="ceu-completed" type="date" value={completedOn} onChange={(e) => { setCompletedOn(e.target.value); edited('completedOn'); }} required
            aria-invalid={!!err('completedOn')} aria-describedby={describedBy('ceu-completed', err('completedOn'), fit ? 'x' : undefined)} />
        </Field>
        {fit && <CycleNote fit={fit} id="ceu-completed-hint" />}
        <FileDrop label={initial?.documentId ? 'Replace the certificate of completion (optional)' : 'Certificate of completion'} name="certificate"
          onChange={(d) => { setDocument(d); edited('documentId'); }} error={err('documentId')} />
        <div className="form-actions">
          <button className="button button--primary" type="submit" disabled={busy || fit?.canCount === false}>
            {busy ? 'Saving…' : submitLabel}
          </button>
          <Link className="button button--ghost" to={`${base}/transcript`}>Cancel</Link>
        </div>
        <p className="muted small">Self-reported activities count once their certificate is attached and may be checked in an audit.</p>
      </form>
  );
}
