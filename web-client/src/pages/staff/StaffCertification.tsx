import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { ApiProblem } from '../../api/problem';
import type { CeuArea } from '../../api/client';
import { api, call } from '../../api/client';
import { ApplicationsTable } from '../../components/ApplicationsTable';
import { CeuProgress, FeeBreakdown, UnmetList, WindowBadge } from '../../components/Eligibility';
import { Badge, Deadline, describedBy, Field, LoadError, Loading, PageHeader, ProblemBanner } from '../../components/ui';
import { applications, certification, eligibilityOn } from '../../lib/certification';
import { areaLabels, areas, ceu, formatDate, sourceLabels, statusLabels } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';
import { DocumentLinks } from '../../components/DocumentViewer';
import { StaffCredential } from './StaffCredential';
import { useFormProblem } from '../../lib/formProblem';

export function StaffCertification() {
  const number = useParams().number!;
  const loaded = useLoad(
    (signal) =>
      Promise.all([
        certification(number, signal),
        eligibilityOn(number, undefined, signal),
        call(api.GET('/api/v1/certifications/{number}/ceus', { params: { path: { number } }, signal })),
        applications(number, signal),
      ]),
    number,
  );

  if (loaded.error) {
    return (
      <div className="stack narrow">
        <PageHeader title={number} />
        <LoadError problem={loaded.error} onRetry={loaded.reload} />
        <p><Link to="/staff">← Look up another number</Link></p>
      </div>
    );
  }
  if (!loaded.data) return <Loading label={`Loading ${number}…`} height={480} />;
  const [cert, eligibility, ledger, apps] = loaded.data;

  return (
    <div className="stack">
      <PageHeader
        title={cert.number}
        subtitle={`${cert.credential} · ${cert.holder.firstName} ${cert.holder.lastName} · ${cert.holder.email || 'no email on file'}`}
        actions={<><Link className="button" to={`/staff/certifications/${encodeURIComponent(cert.number)}/history`}>Full history</Link> <Link className="button" to="/staff">Look up another</Link></>}
      />
      <section className="card">
        <dl className="facts">
          <div><dt>Status today</dt><dd><Badge tone={cert.status === 'active' ? 'ok' : cert.status === 'lapsed' ? 'bad' : 'warn'}>{statusLabels[cert.status]}</Badge></dd></div>
          <div><dt>Cycle</dt><dd>{formatDate(cert.cycleStart)} – {formatDate(cert.expiresOn)}</dd></div>
          <div><dt>Expires</dt><dd><Deadline date={cert.expiresOn} timeZone={cert.timeZone} /></dd></div>
          <div><dt>Window today</dt><dd><WindowBadge window={eligibility.window} /></dd></div>
          <div><dt>Certify for Life</dt><dd>{cert.forLife ? 'Yes' : 'No'}</dd></div>
          <div><dt>CPR / AED</dt><dd>{eligibility.cprCurrent ? 'CPR current' : 'CPR missing'} · {eligibility.aedCurrent ? 'AED current' : 'AED missing'}</dd></div>
        </dl>
      </section>
      <div className="grid-dash">
        <section className="card">
          <h2>CEUs</h2>
          <CeuProgress counted={ledger.counted} required={ledger.required} byArea={ledger.byArea} />
        </section>
        <section className="card">
          <h2>Eligibility today</h2>
          <UnmetList eligibility={eligibility} actionFor={(code) => (code === 'ceu.short' ? { label: 'Add Category A CEUs', to: '#add-category-a' } : null)} />
          <FeeBreakdown quote={eligibility.fees.renew} caption="Renewal fees today" />
        </section>
      </div>
      <section className="card card--flush">
        <h2 className="card__title-pad">CE activities</h2>
        {ledger.activities.length === 0 ? <p className="card__title-pad muted">None.</p> : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th scope="col">Completed</th><th scope="col">Activity</th><th scope="col">Source</th><th scope="col" className="num">CEUs</th><th scope="col">Counts?</th></tr></thead>
              <tbody>
                {ledger.activities.map((a) => (
                  <tr key={a.id} className={a.counts ? '' : 'row--muted'}>
                    <td data-label="Completed">{formatDate(a.completedOn)}</td>
                    <td data-label="Activity">{a.title}<span className="muted small block">{areaLabels[a.area]}</span>{a.documentId && <DocumentLinks id={a.documentId} label={`Certificate for ${a.title}`} />}</td>
                    <td data-label="Source">{sourceLabels[a.source]}</td>
                    <td data-label="CEUs" className="num">{ceu(a.ceus)}</td>
                    <td data-label="Counts?">{a.counts ? 'Yes' : <span title={a.explanation}>No — {a.explanation}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <AddCategoryA number={cert.number} onAdded={loaded.reload} />
      <StaffCredential number={cert.number} />
      <section className="card card--flush">
        <h2 className="card__title-pad">Applications</h2>
        {apps.length === 0 ? <p className="card__title-pad muted">None.</p> : <ApplicationsTable items={apps} detailLink={(a) => `/staff/applications/${a.id}`} />}
      </section>
    </div>
  );
}

/** Staff record a Category A course (developed by the certification body) for this certification, where they see it is short. */
function AddCategoryA({ number, onAdded }: { number: string; onAdded: () => void }) {
  const [title, setTitle] = useState('');
  const [courseCode, setCourseCode] = useState('');
  const [area, setArea] = useState<CeuArea | ''>('');
  const [ceus, setCeus] = useState('');
  const [completedOn, setCompletedOn] = useState('');
  const [busy, setBusy] = useState(false);
  const { problem, setProblem, err, edited } = useFormProblem();
  const [added, setAdded] = useState<string>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing: Record<string, string[]> = {};
    if (!title.trim()) missing.title = ['Enter the course title.'];
    if (!area) missing.area = ['Choose the area the course covers.'];
    if (!ceus.trim() || Number.isNaN(Number(ceus))) missing.ceus = ['Enter the CEUs, e.g. 0.5.'];
    if (!completedOn) missing.completedOn = ['Enter the date it was completed.'];
    if (Object.keys(missing).length > 0) {
      setProblem(new ApiProblem(400, { title: 'Please correct the fields marked below.', errors: missing }));
      return;
    }
    setBusy(true);
    setProblem(undefined);
    setAdded(undefined);
    try {
      await call(api.POST('/api/v1/certifications/{number}/ceus', {
        params: { path: { number } },
        body: { source: 'category-a', title: title.trim(), area: area as CeuArea, ceus: Number(ceus), contactHours: null, completedOn, documentId: null, courseCode: courseCode.trim() || null },
      }));
      setAdded(`${title.trim()} added.`);
      setTitle('');
      setCourseCode('');
      setCeus('');
      setCompletedOn('');
      onAdded();
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" id="add-category-a" aria-labelledby="add-category-a-heading" tabIndex={-1}>
      <h2 id="add-category-a-heading">Add Category A CEUs</h2>
      <p className="muted small">Courses developed by the certification body, recorded for {number} as completed.</p>
      {added && <div className="banner banner--ok" role="status">{added}</div>}
      <form onSubmit={submit} noValidate>
        <ProblemBanner problem={problem} shownFields={['title', 'courseCode', 'area', 'ceus', 'completedOn']} />
        <div className="grid-2">
          <Field id="cat-a-title" label="Course title" error={err('title')}>
            <input id="cat-a-title" value={title} onChange={(e) => { setTitle(e.target.value); edited('title'); }}
              aria-invalid={!!err('title')} aria-describedby={describedBy('cat-a-title', err('title'))} />
          </Field>
          <Field id="cat-a-code" label="Course code (optional)" error={err('courseCode')}>
            <input id="cat-a-code" value={courseCode} onChange={(e) => { setCourseCode(e.target.value); edited('courseCode'); }} maxLength={50}
              aria-invalid={!!err('courseCode')} aria-describedby={describedBy('cat-a-code', err('courseCode'))} />
          </Field>
          <Field id="cat-a-area" label="Area" error={err('area')}>
            <select id="cat-a-area" value={area} onChange={(e) => { setArea(e.target.value as CeuArea); edited('area'); }}
              aria-invalid={!!err('area')} aria-describedby={describedBy('cat-a-area', err('area'))}>
              <option value="">Choose an area…</option>
              {areas.map((a) => <option key={a} value={a}>{areaLabels[a]}</option>)}
            </select>
          </Field>
          <Field id="cat-a-ceus" label="CEUs" error={err('ceus')}>
            <input id="cat-a-ceus" inputMode="decimal" value={ceus} onChange={(e) => { setCeus(e.target.value); edited('ceus'); }}
              aria-invalid={!!err('ceus')} aria-describedby={describedBy('cat-a-ceus', err('ceus'))} />
          </Field>
          <Field id="cat-a-completed" label="Completed on" error={err('completedOn')}>
            <input id="cat-a-completed" type="date" value={completedOn} onChange={(e) => { setCompletedOn(e.target.value); edited('completedOn'); }}
              aria-invalid={!!err('completedOn')} aria-describedby={describedBy('cat-a-completed', err('completedOn'))} />
          </Field>
        </div>
        <div className="form-actions">
          <button className="button button--primary" type="submit" disabled={busy}>{busy ? 'Adding…' : 'Add Category A course'}</button>
        </div>
      </form>
    </section>
  );
}
