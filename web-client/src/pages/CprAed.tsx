import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, call, documentUrl, type Card, type CardKind, type DocumentInfo } from '../api/client';
import { ApiProblem } from '../api/problem';
import { FileDrop } from '../components/FileDrop';
import { Badge, describedBy, Field, LoadError, Loading, PageHeader, ProblemBanner } from '../components/ui';
import { cardKindLabels, formatDate } from '../lib/format';
import { useFormProblem } from '../lib/formProblem';
import { useLoad } from '../lib/useLoad';

const shown = ['kind', 'provider', 'issuerName', 'issuedOn', 'expiresOn', 'handsOn', 'frontDocumentId', 'backDocumentId'];

export function CprAed() {
  const number = useParams().number!;
  const cards = useLoad(
    (signal) => call(api.GET('/api/v1/certifications/{number}/cpr-aed', { params: { path: { number } }, signal })),
    number,
  );
  const issuers = useLoad((signal) => call(api.GET('/api/v1/cpr-aed/issuers', { signal })), 'cpr-aed/issuers');
  const [kind, setKind] = useState<CardKind>('cpr-aed');
  const [provider, setProvider] = useState('');
  const [issuerName, setIssuerName] = useState('');
  const isOther = provider.toLowerCase() === 'other';
  const [issuedOn, setIssuedOn] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [handsOn, setHandsOn] = useState(false);
  const [front, setFront] = useState<DocumentInfo>();
  const [back, setBack] = useState<DocumentInfo>();
  const [busy, setBusy] = useState(false);
  const { problem, setProblem, err, edited } = useFormProblem();
  const [saved, setSaved] = useState<string>();
  const [formKey, setFormKey] = useState(0);
  // The card being corrected, or none when the form adds a new one.
  const [editing, setEditing] = useState<Card>();
  const [removing, setRemoving] = useState<string>();
  const [listProblem, setListProblem] = useState<ApiProblem>();

  function reset() {
    setEditing(undefined);
    setKind('cpr-aed');
    setProvider('');
    setIssuerName('');
    setIssuedOn('');
    setExpiresOn('');
    setHandsOn(false);
    setFront(undefined);
    setBack(undefined);
    setFormKey((k) => k + 1);
  }

  function startEdit(card: Card) {
    setEditing(card);
    setKind(card.kind);
    setProvider(card.issuerName ? 'other' : card.provider);
    setIssuerName(card.issuerName ?? '');
    setIssuedOn(card.issuedOn);
    setExpiresOn(card.expiresOn);
    setHandsOn(card.handsOn);
    setFront(undefined);
    setBack(undefined);
    setSaved(undefined);
    setProblem(undefined);
    setFormKey((k) => k + 1);
    requestAnimationFrame(() => document.getElementById('add-card-heading')?.focus());
  }

  async function remove(card: Card) {
    setListProblem(undefined);
    try {
      await call(api.DELETE('/api/v1/certifications/{number}/cpr-aed/{id}', { params: { path: { number, id: card.id } } }));
      if (editing?.id === card.id) reset();
      setSaved('Card removed.');
    } catch (cause) {
      setListProblem(cause as ApiProblem);
    } finally {
      setRemoving(undefined);
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing: Record<string, string[]> = {};
    if (!provider) missing.provider = ['Choose who issued the card.'];
    if (isOther && !issuerName.trim()) missing.issuerName = ['Enter the name of the organisation that issued your card.'];
    if (!issuedOn) missing.issuedOn = ['Enter the date on the card.'];
    if (!expiresOn) missing.expiresOn = ['Enter the expiry date on the card.'];
    if (Object.keys(missing).length > 0) {
      setSaved(undefined);
      setProblem(new ApiProblem(400, { title: 'Please correct the fields marked below.', errors: missing }));
      return;
    }
    setBusy(true);
    setProblem(undefined);
    setSaved(undefined);
    try {
      const body = {
        kind, provider, issuerName: isOther ? issuerName.trim() : null, issuedOn, expiresOn, handsOn,
        // A correction keeps the copies on file unless new ones are chosen.
        frontDocumentId: front?.id ?? editing?.frontDocumentId ?? null,
        backDocumentId: back?.id ?? editing?.backDocumentId ?? null,
      };
      if (editing) {
        await call(api.PUT('/api/v1/certifications/{number}/cpr-aed/{id}', { params: { path: { number, id: editing.id } }, body }));
      } else {
        await call(api.POST('/api/v1/certifications/{number}/cpr-aed', { params: { path: { number } }, body }));
      }
      setSaved(editing ? 'Card updated.' : 'Card saved.');
      reset();
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      <PageHeader
        title="CPR and AED"
        subtitle="You need a current adult CPR and a current AED certification from a course with a hands-on skills component. One combined card may cover both."
      />
      <section className="card" aria-labelledby="cards-heading">
        <h2 id="cards-heading">Cards on file</h2>
        {cards.error && <LoadError problem={cards.error} onRetry={cards.reload} />}
        {!cards.data && !cards.error && <Loading height={80} />}
        <ProblemBanner problem={listProblem} />
        {cards.data && cards.data.length === 0 && <p className="muted">No card on file yet.</p>}
        {cards.data && cards.data.length > 0 && (
          <ul className="card-list">
            {cards.data.map((card) => (
              <li key={card.id} className="card-list__item">
                <div>
                  <strong>{cardKindLabels[card.kind]}</strong> · {card.issuerName ? `Other: ${card.issuerName}` : card.provider}
                  <span className="muted small block">
                    Issued {formatDate(card.issuedOn)} · expires {formatDate(card.expiresOn)} · {card.handsOn ? 'hands-on skills' : 'no hands-on skills'}
                  </span>
                  <span className="small">
                    {card.frontDocumentId && <a href={documentUrl(card.frontDocumentId)} target="_blank" rel="noreferrer">Front</a>}
                    {card.frontDocumentId && card.backDocumentId && ' · '}
                    {card.backDocumentId && <a href={documentUrl(card.backDocumentId)} target="_blank" rel="noreferrer">Back</a>}
                  </span>
                  {card.editable && (
                    <span className="row-actions">
                      <button type="button" className="button button--ghost button--small" onClick={() => startEdit(card)}
                        aria-label={`Edit the ${cardKindLabels[card.kind]} card expiring ${formatDate(card.expiresOn)}`}>Edit</button>
                      {removing === card.id ? (
                        <>
                          <button type="button" className="button button--danger button--small" onClick={() => void remove(card)}>Yes, remove it</button>
                          <button type="button" className="button button--ghost button--small" onClick={() => setRemoving(undefined)}>Keep it</button>
                        </>
                      ) : (
                        <button type="button" className="button button--ghost button--small" onClick={() => setRemoving(card.id)}
                          aria-label={`Remove the ${cardKindLabels[card.kind]} card expiring ${formatDate(card.expiresOn)}`}>Remove</button>
                      )}
                    </span>
                  )}
                </div>
                {card.currentToday && card.handsOn && card.frontDocumentId && card.backDocumentId
                  ? <Badge tone="ok">Current</Badge>
                  : <Badge tone="bad">{card.currentToday ? 'Incomplete' : 'Expired'}</Badge>}
              </li>
            ))}
          </ul>
        )}
      </section>

      <form className="card" onSubmit={submit} noValidate key={formKey} aria-labelledby="add-card-heading">
        <h2 id="add-card-heading" tabIndex={-1}>{editing ? 'Edit the card' : 'Add a card'}</h2>
        {saved && <div className="banner banner--ok" role="status">{saved} <Link to={`/certifications/${encodeURIComponent(number)}`}>Back to your dashboard</Link></div>}
        {editing && <p className="muted small">The copies on file are kept unless you choose new ones.</p>}
        <ProblemBanner problem={problem} shownFields={shown} />
        <div className="grid-2">
          <Field id="card-kind" label="What the card covers" error={err('kind')}>
            <select id="card-kind" value={kind} onChange={(e) => { setKind(e.target.value as CardKind); edited('kind'); }}
              aria-invalid={!!err('kind')} aria-describedby={describedBy('card-kind', err('kind'))}>
              {(Object.keys(cardKindLabels) as CardKind[]).map((k) => (
                <option key={k} value={k}>{cardKindLabels[k]}</option>
              ))}
            </select>
          </Field>
          <Field id="card-provider" label="Issuer" error={err('provider') ?? (issuers.error ? 'The list of issuers could not be loaded.' : undefined)}>
            <select id="card-provider" value={provider} onChange={(e) => { setProvider(e.target.value); edited('provider'); }} disabled={!issuers.data}
              aria-invalid={!!err('provider')} aria-describedby={describedBy('card-provider', err('provider'))}>
              <option value="">{issuers.data ? 'Choose the issuer…' : 'Loading issuers…'}</option>
              {issuers.data?.map((name) => (
                <option key={name} value={name}>{name === 'other' ? 'Other (verified by staff)' : name}</option>
              ))}
            </select>
          </Field>
          {isOther && (
            <Field id="card-issuer-name" label="Issuer’s name" hint="As printed on the card; staff check it." error={err('issuerName')}>
              <input id="card-issuer-name" value={issuerName} onChange={(e) => { setIssuerName(e.target.value); edited('issuerName'); }} required maxLength={100}
                aria-invalid={!!err('issuerName')} aria-describedby={describedBy('card-issuer-name', err('issuerName'), 'x')} />
            </Field>
          )}
          <Field id="card-issued" label="Issued on" error={err('issuedOn')}>
            <input id="card-issued" type="date" value={issuedOn} onChange={(e) => { setIssuedOn(e.target.value); edited('issuedOn'); }}
              aria-invalid={!!err('issuedOn')} aria-describedby={describedBy('card-issued', err('issuedOn'))} />
          </Field>
          <Field id="card-expires" label="Expires on" error={err('expiresOn')}>
            <input id="card-expires" type="date" value={expiresOn} onChange={(e) => { setExpiresOn(e.target.value); edited('expiresOn'); }}
              aria-invalid={!!err('expiresOn')} aria-describedby={describedBy('card-expires', err('expiresOn'))} />
          </Field>
        </div>
        <div className={`field checkbox${err('handsOn') ? ' field--invalid' : ''}`}>
          <input id="card-hands-on" type="checkbox" checked={handsOn} onChange={(e) => { setHandsOn(e.target.checked); edited('handsOn'); }} />
          <label htmlFor="card-hands-on">The course included a hands-on skills component</label>
          {err('handsOn') && <p className="field__error" role="alert">{err('handsOn')}</p>}
        </div>
        <div className="grid-2">
          <FileDrop label="Front of the card" name="front" onChange={(d) => { setFront(d); edited('frontDocumentId'); }} error={err('frontDocumentId')} />
          <FileDrop label="Back of the card" name="back" onChange={(d) => { setBack(d); edited('backDocumentId'); }} error={err('backDocumentId')} />
        </div>
        <div className="form-actions">
          <button className="button button--primary" type="submit" disabled={busy}>
            {busy ? 'Saving…' : editing ? 'Save changes' : 'Save card'}
          </button>
          {editing && <button type="button" className="button button--ghost" onClick={reset}>Cancel</button>}
        </div>
      </form>
    </div>
  );
}
