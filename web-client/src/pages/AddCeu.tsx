import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call, type CeuArea, type DocumentInfo } from '../api/client';
import { ApiProblem } from '../api/problem';
import { FileDrop } from '../components/FileDrop';
import { describedBy, Field, PageHeader, ProblemBanner } from '../components/ui';
import { areaLabels, areas } from '../lib/format';
import { CycleNote, useCycleFit } from '../components/CycleFit';

const shown = ['title', 'area', 'ceus', 'contactHours', 'completedOn', 'documentId'];

export function AddCeu() {
  const number = useParams().number!;
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [area, setArea] = useState<CeuArea | ''>('');
  const [unit, setUnit] = useState<'ceus' | 'contactHours'>('ceus');
  const [amount, setAmount] = useState('');
  const [completedOn, setCompletedOn] = useState('');
  const [document, setDocument] = useState<DocumentInfo>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
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
      await call(
        api.POST('/api/v1/certifications/{number}/ceus', {
          params: { path: { number } },
          body: {
            title,
            // An empty choice is sent as-is so the API names the field.
            area: area as CeuArea,
            ceus: unit === 'ceus' ? value : null,
            contactHours: unit === 'contactHours' ? value : null,
            completedOn,
            documentId: document?.id ?? null,
            source: 'other',
            courseCode: null,
          },
        }),
      );
      navigate(`${base}/transcript`, { state: { added: title } });
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  const err = (name: string) => problem?.field(name);
  const amountError = err('ceus') ?? err('contactHours');
  return (
    <div className="narrow">
      <PageHeader title="Add CEUs" subtitle="Record a course or event you completed that is not already on your transcript, with its certificate of completion." />
      <p className="muted" data-testid="approved-providers-hint">
        Took a course from an <Link to="/providers">approved provider</Link>? It reaches your transcript automatically; no need to add it here.
      </p>
      <form className="card" onSubmit={submit} noValidate>
        <ProblemBanner problem={problem} shownFields={shown} />
        <Field id="ceu-title" label="Course or event title" error={err('title')}>
          <input id="ceu-title" value={title} onChange={(e) => setTitle(e.target.value)} required
            aria-invalid={!!err('title')} aria-describedby={describedBy('ceu-title', err('title'))} />
        </Field>
        <Field id="ceu-area" label="Area" error={err('area')}>
          <select id="ceu-area" value={area} onChange={(e) => setArea(e.target.value as CeuArea)} required
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
            <input id="ceu-amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} required
              aria-invalid={!!amountError} aria-describedby={describedBy('ceu-amount', amountError, 'x')} />
          </Field>
        </fieldset>
        <Field id="ceu-completed" label="Completed on" error={err('completedOn')}>
          <input id="ceu-completed" type="date" value={completedOn} onChange={(e) => setCompletedOn(e.target.value)} required
            aria-invalid={!!err('completedOn')} aria-describedby={describedBy('ceu-completed', err('completedOn'), fit ? 'x' : undefined)} />
        </Field>
        {fit && <CycleNote fit={fit} id="ceu-completed-hint" />}
        <FileDrop label="Certificate of completion" name="certificate" onChange={setDocument} error={err('documentId')} />
        <div className="form-actions">
          <button className="button button--primary" type="submit" disabled={busy || fit?.canCount === false}>
            {busy ? 'Saving…' : 'Add activity'}
          </button>
          <Link className="button button--ghost" to={`${base}/transcript`}>Cancel</Link>
        </div>
        <p className="muted small">Self-reported activities count once their certificate is attached and may be checked in an audit.</p>
      </form>
    </div>
  );
}
