import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, call, type CeuArea, type DocumentInfo, type Petition } from '../api/client';
import { ApiProblem } from '../api/problem';
import { FileDrop } from '../components/FileDrop';
import { Badge, describedBy, Field, LoadError, Loading, PageHeader, ProblemBanner } from '../components/ui';
import { areaLabels, areas, ceu, formatDate, money, petitionStatusLabels } from '../lib/format';
import { petitionDraftErrors, requestedCeus } from '../lib/petition';
import { useLoad } from '../lib/useLoad';
import { useFormProblem } from '../lib/formProblem';
import { CycleNote, useCycleFit } from '../components/CycleFit';

const shown = ['title', 'providerName', 'area', 'contactHours', 'completedOn', 'documentId'];

function petitionFee(signal?: AbortSignal) {
  return call(api.GET('/api/v1/fee-schedule', { signal })).then((s) => ({ cents: s.current.petitionCents, currency: s.current.currency }));
}

const statusTone: Record<Petition['status'], 'ok' | 'warn' | 'bad' | 'info'> = {
  'awaiting-payment': 'warn',
  'awaiting-review': 'info',
  approved: 'ok',
  denied: 'bad',
  cancelled: 'info',
};

/** The certificant's petitions and their states. */
export function Petitions() {
  const number = useParams().number!;
  const location = useLocation();
  const filed = (location.state as { filed?: string } | null)?.filed;
  const base = `/certifications/${encodeURIComponent(number)}`;
  const loaded = useLoad(
    (signal) => call(api.GET('/api/v1/certifications/{number}/petitions', { params: { path: { number } }, signal })),
    number,
  );
  const unpaid = loaded.data?.filter((p) => p.status === 'awaiting-payment') ?? [];

  return (
    <div className="stack">
      <PageHeader
        title="Petitions"
        subtitle="Ask for CEUs for a course that is not preapproved. Staff review it once its fee is paid."
        actions={<Link className="button button--primary" to={`${base}/petitions/new`}>Petition a course</Link>}
      />
      {filed && (
        <div className="banner banner--ok" role="status">
          Petition for “{filed}” filed. Its fee is in your cart; staff review it once it is paid. <Link to={`${base}/cart`}>Go to the cart</Link>
        </div>
      )}
      {unpaid.length > 0 && !filed && (
        <div className="banner banner--warn" role="status">
          {unpaid.length === 1 ? 'One petition is' : `${unpaid.length} petitions are`} waiting for payment. <Link to={`${base}/cart`}>Pay in the cart</Link>
        </div>
      )}
      {loaded.error ? (
        <LoadError problem={loaded.error} onRetry={loaded.reload} />
      ) : !loaded.data ? (
        <Loading label="Loading your petitions…" height={200} />
      ) : loaded.data.length === 0 ? (
        <section className="card"><p className="muted">No petitions yet.</p></section>
      ) : (
        <section className="card card--flush" aria-labelledby="petitions-heading">
          <h2 id="petitions-heading" className="card__title-pad">Your petitions</h2>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr><th scope="col">Course</th><th scope="col">Completed</th><th scope="col" className="num">Hours</th><th scope="col">State</th><th scope="col" className="num">Fee</th></tr>
              </thead>
              <tbody>
                {loaded.data.map((p) => (
                  <tr key={p.id} data-testid="petition-row">
                    <td data-label="Course">{p.title}<span className="muted small block">{p.providerName} · {areaLabels[p.area]}</span></td>
                    <td data-label="Completed">{formatDate(p.completedOn)}</td>
                    <td data-label="Hours" className="num">{p.contactHours} h <span className="muted small block">{ceu(p.requestedCeus)} CEU requested</span></td>
                    <td data-label="State">
                      <Badge tone={statusTone[p.status]}>{petitionStatusLabels[p.status]}</Badge>
                      {p.status === 'approved' && p.grantedCeus !== null && <span className="small block">{ceu(p.grantedCeus)} CEU granted</span>}
                      {p.status === 'denied' && p.decisionReason && <span className="small block">Reason: {p.decisionReason}</span>}
                      {p.status === 'awaiting-payment' && <Link className="small block" to={`${base}/cart`}>Pay the fee</Link>}
                    </td>
                    <td data-label="Fee" className="num">{money(p.feeCents, p.currency)}{p.paidAt ? <span className="muted small block">paid</span> : null}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}

/** The petition form: a course that is not preapproved, with its certificate. */
export function NewPetition() {
  const number = useParams().number!;
  const navigate = useNavigate();
  const base = `/certifications/${encodeURIComponent(number)}`;
  const fee = useLoad((signal) => petitionFee(signal), 'fee');
  const [title, setTitle] = useState('');
  const [providerName, setProviderName] = useState('');
  const [area, setArea] = useState<CeuArea | ''>('');
  const [contactHours, setContactHours] = useState('');
  const [completedOn, setCompletedOn] = useState('');
  const [document, setDocument] = useState<DocumentInfo>();
  const [busy, setBusy] = useState(false);
  const { problem, setProblem, err, edited } = useFormProblem();
  const fit = useCycleFit(number, completedOn);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing = petitionDraftErrors({ title, providerName, area, contactHours, completedOn, documentId: document?.id });
    if (Object.keys(missing).length > 0) {
      setProblem(new ApiProblem(400, { title: 'Please correct the fields marked below.', errors: missing }));
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      await call(
        api.POST('/api/v1/certifications/{number}/petitions', {
          params: { path: { number } },
          body: { title: title.trim(), providerName: providerName.trim(), area: area as CeuArea, contactHours: Number(contactHours), completedOn, documentId: document!.id },
        }),
      );
      navigate(`${base}/petitions`, { state: { filed: title.trim() } });
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  const feeText = fee.data ? money(fee.data.cents, fee.data.currency) : fee.error ? 'the petition fee' : '…';
  const ceus = requestedCeus(contactHours);
  return (
    <div className="narrow">
      <PageHeader title="Petition a course" subtitle="For a course or event that is not preapproved. Staff decide how many CEUs it is worth." />
      <div className="banner banner--info" data-testid="petition-fee">
        <p className="banner__title">Fee: <span>{feeText}</span> per course, nonrefundable</p>
        <p>The fee (from the fee schedule) goes into your cart. Staff review the petition once it is paid; the fee is not refunded if the petition is denied.</p>
      </div>
      <form className="card" onSubmit={submit} noValidate>
        <ProblemBanner problem={problem} shownFields={shown} />
        <Field id="pet-title" label="Course or event title" error={err('title')}>
          <input id="pet-title" value={title} onChange={(e) => { setTitle(e.target.value); edited('title'); }} required
            aria-invalid={!!err('title')} aria-describedby={describedBy('pet-title', err('title'))} />
        </Field>
        <Field id="pet-provider" label="Provider name" error={err('providerName')}>
          <input id="pet-provider" value={providerName} onChange={(e) => { setProviderName(e.target.value); edited('providerName'); }} required
            aria-invalid={!!err('providerName')} aria-describedby={describedBy('pet-provider', err('providerName'))} />
        </Field>
        <Field id="pet-area" label="Area" error={err('area')}>
          <select id="pet-area" value={area} onChange={(e) => { setArea(e.target.value as CeuArea); edited('area'); }} required
            aria-invalid={!!err('area')} aria-describedby={describedBy('pet-area', err('area'))}>
            <option value="">Choose an area…</option>
            {areas.map((a) => <option key={a} value={a}>{areaLabels[a]}</option>)}
          </select>
        </Field>
        <div className="grid-2">
          <Field id="pet-hours" label="Contact hours" hint={ceus ? `= ${ceus} CEU requested (1 contact hour = 0.1 CEU)` : '1 contact hour = 0.1 CEU.'} error={err('contactHours')}>
            <input id="pet-hours" inputMode="decimal" value={contactHours} onChange={(e) => { setContactHours(e.target.value); edited('contactHours'); }} required
              aria-invalid={!!err('contactHours')} aria-describedby={describedBy('pet-hours', err('contactHours'), 'x')} />
          </Field>
          <Field id="pet-completed" label="Completed on" error={err('completedOn')}>
            <input id="pet-completed" type="date" value={completedOn} onChange={(e) => { setCompletedOn(e.target.value); edited('completedOn'); }} required
              aria-invalid={!!err('completedOn')} aria-describedby={describedBy('pet-completed', err('completedOn'), fit ? 'x' : undefined)} />
          </Field>
        </div>
        {fit && <CycleNote fit={fit} id="pet-completed-hint" />}
        <FileDrop label="Course certificate" name="petition-certificate" onChange={(d) => { setDocument(d); edited('documentId'); }} error={err('documentId')} />
        <div className="form-actions">
          <button className="button button--primary" type="submit" disabled={busy || fit?.canCount === false}>
            {busy ? 'Filing…' : 'File petition and add fee to cart'}
          </button>
          <Link className="button button--ghost" to={`${base}/petitions`}>Cancel</Link>
        </div>
      </form>
    </div>
  );
}
