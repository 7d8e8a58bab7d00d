import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, call, type Petition, type PetitionGroup } from '../../api/client';
import { DocumentLinks } from '../../components/DocumentViewer';
import { ApiProblem } from '../../api/problem';
import { useAuth } from '../../auth/AuthContext';
import { Badge, describedBy, Field, LoadError, Loading, PageHeader, ProblemBanner } from '../../components/ui';
import { areaLabels, ceu, formatDate, formatDateTime } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';
import { useFormProblem } from '../../lib/formProblem';

interface Decided {
  petition: Petition;
  by: string;
  forEveryone: boolean;
}

export function StaffPetitions() {
  const { user } = useAuth();
  const loaded = useLoad((signal) => call(api.GET('/api/v1/staff/petitions', { signal })), 'petitions');
  const [decided, setDecided] = useState<Decided[]>([]);

  function onDecided(petitions: Petition[], forEveryone: boolean) {
    setDecided((list) => [...petitions.map((petition) => ({ petition, by: user?.email ?? 'you', forEveryone })), ...list]);
    loaded.reload();
  }

  return (
    <div className="stack">
      <PageHeader title="Petition review" subtitle="Paid petitions, grouped by course and provider, oldest first. Fees are nonrefundable, also when denied." />
      {decided.length > 0 && (
        <section className="card" aria-labelledby="decided-heading" data-testid="decided">
          <h2 id="decided-heading">Decided in this session</h2>
          <ul className="card-list">
            {decided.map(({ petition, by, forEveryone }) => (
              <li key={petition.id} className="card-list__item">
                <span>
                  {petition.title} <span className="muted">· {petition.number}</span>
                  <span className="small block">
                    {petition.status === 'approved'
                      ? `Approved, ${ceu(petition.grantedCeus ?? 0)} CEU granted${forEveryone ? ' for everyone who petitioned this course' : ''}`
                      : `Denied: ${petition.decisionReason ?? ''}`}{' '}
                    — decided by {by}{petition.decidedAt ? `, ${formatDateTime(petition.decidedAt)}` : ''}
                  </span>
                </span>
                <Badge tone={petition.status === 'approved' ? 'ok' : 'bad'}>{petition.status === 'approved' ? 'Approved' : 'Denied'}</Badge>
              </li>
            ))}
          </ul>
        </section>
      )}
      {loaded.error ? (
        <LoadError problem={loaded.error} onRetry={loaded.reload} />
      ) : !loaded.data ? (
        <Loading label="Loading petitions…" height={360} />
      ) : loaded.data.length === 0 ? (
        <section className="card"><p className="muted">No paid petitions are waiting for review.</p></section>
      ) : (
        <div className={`stack${loaded.loading ? ' is-reloading' : ''}`}>
          {loaded.data.map((group) => <Group key={group.courseKey} group={group} onDecided={onDecided} />)}
        </div>
      )}
    </div>
  );
}

function Group({ group, onDecided }: { group: PetitionGroup; onDecided: (petitions: Petition[], forEveryone: boolean) => void }) {
  const headingId = `group-${group.courseKey.replace(/[^a-z0-9]/gi, '-')}`;
  return (
    <section className="card" aria-labelledby={headingId} data-testid="petition-group">
      <div className="card__head">
        <div>
          <h2 id={headingId}>{group.title}</h2>
          <p className="muted small">{group.providerName}</p>
        </div>
        <span className="small muted">
          {group.awaitingReview} to review{group.awaitingPayment > 0 ? ` · ${group.awaitingPayment} awaiting payment` : ''} · oldest {group.ageDays === 0 ? 'paid today' : `${group.ageDays} day${group.ageDays === 1 ? '' : 's'}`}
        </span>
      </div>
      <ul className="petition-list">
        {group.petitions.map((p) => <PetitionReview key={p.id} petition={p} groupSize={group.awaitingReview} onDecided={onDecided} />)}
      </ul>
    </section>
  );
}

function PetitionReview({ petition, groupSize, onDecided }: { petition: Petition; groupSize: number; onDecided: (petitions: Petition[], forEveryone: boolean) => void }) {
  const id = petition.id.slice(0, 8);
  const [ceus, setCeus] = useState(ceu(petition.requestedCeus));
  const [forEveryone, setForEveryone] = useState(false);
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const { problem, setProblem, setFieldErrors, err, edited } = useFormProblem();

  async function approve(event: FormEvent) {
    event.preventDefault();
    const value = Number(ceus);
    if (!/^\d+(\.\d{1,2})?$/.test(ceus.trim()) || value <= 0) {
      setFieldErrors({ ceus: 'Enter the CEUs granted, e.g. 0.8 (at most two decimals).' });
      return;
    }
    await decide(() => call(api.POST('/api/v1/staff/petitions/{id}/approve', { params: { path: { id: petition.id } }, body: { ceus: value, forEveryone, note: note.trim() || null } })), forEveryone);
  }

  async function deny() {
    if (!reason.trim()) {
      setFieldErrors({ reason: 'Say why the petition is denied; the certificant sees it.' });
      return;
    }
    await decide(() => call(api.POST('/api/v1/staff/petitions/{id}/deny', { params: { path: { id: petition.id } }, body: { reason: reason.trim() } })), false);
  }

  async function decide(request: () => Promise<Petition | Petition[]>, everyone: boolean) {
    setBusy(true);
    setProblem(undefined);
    setFieldErrors({});
    try {
      const result = await request();
      onDecided(Array.isArray(result) ? result : [result], everyone);
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="petition-review" data-testid="petition-review">
      <dl className="facts facts--compact">
        <div><dt>Certificant</dt><dd><Link to={`/staff/certifications/${encodeURIComponent(petition.number)}/history`}>{petition.number}</Link></dd></div>
        <div><dt>Area</dt><dd>{areaLabels[petition.area]}</dd></div>
        <div><dt>Completed</dt><dd>{formatDate(petition.completedOn)}</dd></div>
        <div><dt>Hours</dt><dd>{petition.contactHours} h ({ceu(petition.requestedCeus)} CEU requested)</dd></div>
        <div><dt>Certificate</dt><dd><DocumentLinks id={petition.documentId} label={`Certificate for ${petition.title} (${petition.number})`} /></dd></div>
        <div><dt>Paid</dt><dd>{petition.paidAt ? formatDateTime(petition.paidAt) : '—'}</dd></div>
      </dl>
      <ProblemBanner problem={problem} shownFields={['ceus', 'reason', 'note']} />
      <div className="decision">
        <form className="decision__approve" onSubmit={approve} noValidate aria-label={`Approve petition of ${petition.number}`}>
          <Field id={`ceus-${id}`} label="CEUs granted" error={err('ceus')}>
            <input id={`ceus-${id}`} inputMode="decimal" value={ceus} onChange={(e) => { setCeus(e.target.value); edited('ceus'); }}
              aria-invalid={!!err('ceus')} aria-describedby={describedBy(`ceus-${id}`, err('ceus'))} />
          </Field>
          <div className="checkbox">
            <input type="checkbox" id={`everyone-${id}`} checked={forEveryone} onChange={(e) => setForEveryone(e.target.checked)} />
            <label htmlFor={`everyone-${id}`}>
              Approve for everyone who petitioned this course{groupSize > 1 ? ` (${groupSize} paid now)` : ''}, and for later paid petitions of it
            </label>
          </div>
          <Field id={`note-${id}`} label="Note (optional)" error={err('note')}>
            <input id={`note-${id}`} value={note} onChange={(e) => { setNote(e.target.value); edited('note'); }}
              aria-invalid={!!err('note')} aria-describedby={describedBy(`note-${id}`, err('note'))} />
          </Field>
          <button type="submit" className="button button--primary" disabled={busy}>Approve</button>
        </form>
        <div className="decision__deny">
          <Field id={`reason-${id}`} label="Reason for denial" error={err('reason')}>
            <textarea id={`reason-${id}`} rows={3} value={reason} onChange={(e) => { setReason(e.target.value); edited('reason'); }}
              aria-invalid={!!err('reason')} aria-describedby={describedBy(`reason-${id}`, err('reason'))} />
          </Field>
          <button type="button" className="button button--danger" disabled={busy} onClick={() => void deny()}>Deny</button>
        </div>
      </div>
    </li>
  );
}
