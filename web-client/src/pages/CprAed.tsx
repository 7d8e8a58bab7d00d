import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, call, documentUrl, type CardKind, type DocumentInfo } from '../api/client';
import { ApiProblem } from '../api/problem';
import { FileDrop } from '../components/FileDrop';
import { Badge, describedBy, Field, LoadError, Loading, PageHeader, ProblemBanner } from '../components/ui';
import { cardKindLabels, formatDate } from '../lib/format';
import { useLoad } from '../lib/useLoad';

const shown = ['kind', 'provider', 'issuerName', 'issuedOn', 'expiresOn', 'handsOn', 'frontDocumentId', 'backDocumentId'];

export function CprAed() {
  const number = useParams().number!;
  const cards = useLoad(
    (signal) => call(api.GET('/api/v1/certifications/{number}/cpr-aed', { params: { path: { number } }, signal })),
    number,
  );
  const issuers = useLoad((signal) => call(api.GET('/api/v1/cpr-aed/issuers', { signal })), 'issuers');
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
  const [problem, setProblem] = useState<ApiProblem>();
  const [saved, setSaved] = useState(false);
  const [formKey, setFormKey] = useState(0);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing: Record<string, string[]> = {};
    if (!provider) missing.provider = ['Choose who issued the card.'];
    if (isOther && !issuerName.trim()) missing.issuerName = ['Enter the name of the organisation that issued your card.'];
    if (!issuedOn) missing.issuedOn = ['Enter the date on the card.'];
    if (!expiresOn) missing.expiresOn = ['Enter the expiry date on the card.'];
    if (Object.keys(missing).length > 0) {
      setSaved(false);
      setProblem(new ApiProblem(400, { title: 'Please correct the fields marked below.', errors: missing }));
      return;
    }
    setBusy(true);
    setProblem(undefined);
    setSaved(false);
    try {
      await call(
        api.POST('/api/v1/certifications/{number}/cpr-aed', {
          params: { path: { number } },
          body: { kind, provider, issuerName: isOther ? issuerName.trim() : null, issuedOn, expiresOn, handsOn, frontDocumentId: front?.id ?? null, backDocumentId: back?.id ?? null },
        }),
      );
      setSaved(true);
      setProvider('');
      setIssuerName('');
      setIssuedOn('');
      setExpiresOn('');
      setHandsOn(false);
      setFront(undefined);
      setBack(undefined);
      setFormKey((k) => k + 1);
      cards.reload();
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  const err = (name: string) => problem?.field(name);
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
        <h2 id="add-card-heading">Add a card</h2>
        {saved && <div className="banner banner--ok" role="status">Card saved. <Link to={`/certifications/${encodeURIComponent(number)}`}>Back to your dashboard</Link></div>}
        <ProblemBanner problem={problem} shownFields={shown} />
        <div className="grid-2">
          <Field id="card-kind" label="What the card covers" error={err('kind')}>
            <select id="card-kind" value={kind} onChange={(e) => setKind(e.target.value as CardKind)}
              aria-invalid={!!err('kind')} aria-describedby={describedBy('card-kind', err('kind'))}>
              {(Object.keys(cardKindLabels) as CardKind[]).map((k) => (
                <option key={k} value={k}>{cardKindLabels[k]}</option>
              ))}
            </select>
          </Field>
          <Field id="card-provider" label="Issuer" error={err('provider') ?? (issuers.error ? 'The list of issuers could not be loaded.' : undefined)}>
            <select id="card-provider" value={provider} onChange={(e) => setProvider(e.target.value)} disabled={!issuers.data}
              aria-invalid={!!err('provider')} aria-describedby={describedBy('card-provider', err('provider'))}>
              <option value="">{issuers.data ? 'Choose the issuer…' : 'Loading issuers…'}</option>
              {issuers.data?.map((name) => (
                <option key={name} value={name}>{name === 'other' ? 'Other (verified by staff)' : name}</option>
              ))}
            </select>
          </Field>
          {isOther && (
            <Field id="card-issuer-name" label="Issuer’s name" hint="As printed on the card; staff check it." error={err('issuerName')}>
              <input id="card-issuer-name" value={issuerName} onChange={(e) => setIssuerName(e.target.value)} required maxLength={100}
                aria-invalid={!!err('issuerName')} aria-describedby={describedBy('card-issuer-name', err('issuerName'), 'x')} />
            </Field>
          )}
          <Field id="card-issued" label="Issued on" error={err('issuedOn')}>
            <input id="card-issued" type="date" value={issuedOn} onChange={(e) => setIssuedOn(e.target.value)}
              aria-invalid={!!err('issuedOn')} aria-describedby={describedBy('card-issued', err('issuedOn'))} />
          </Field>
          <Field id="card-expires" label="Expires on" error={err('expiresOn')}>
            <input id="card-expires" type="date" value={expiresOn} onChange={(e) => setExpiresOn(e.target.value)}
              aria-invalid={!!err('expiresOn')} aria-describedby={describedBy('card-expires', err('expiresOn'))} />
          </Field>
        </div>
        <div className={`field checkbox${err('handsOn') ? ' field--invalid' : ''}`}>
          <input id="card-hands-on" type="checkbox" checked={handsOn} onChange={(e) => setHandsOn(e.target.checked)} />
          <label htmlFor="card-hands-on">The course included a hands-on skills component</label>
          {err('handsOn') && <p className="field__error" role="alert">{err('handsOn')}</p>}
        </div>
        <div className="grid-2">
          <FileDrop label="Front of the card" name="front" onChange={setFront} error={err('frontDocumentId')} />
          <FileDrop label="Back of the card" name="back" onChange={setBack} error={err('backDocumentId')} />
        </div>
        <div className="form-actions">
          <button className="button button--primary" type="submit" disabled={busy}>
            {busy ? 'Saving…' : 'Save card'}
          </button>
        </div>
      </form>
    </div>
  );
}
