import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { FeeBreakdown, UnmetList, WindowBadge } from '../components/Eligibility';
import { Badge, Deadline, describedBy, Field, LoadError, Loading, PageHeader } from '../components/ui';
import { eligibilityOn } from '../lib/certification';
import { ceu, formatDate, statusLabels } from '../lib/format';
import { useLoad } from '../lib/useLoad';

export function WhatIf() {
  const number = useParams().number!;
  const [search, setSearch] = useSearchParams();
  const on = search.get('on') ?? undefined;
  const [draft, setDraft] = useState(on ?? '');
  const loaded = useLoad((signal) => eligibilityOn(number, on, signal), `${number}|${on ?? ''}`);
  const e = loaded.data;
  const dateError = loaded.error?.field('on');

  return (
    <div className="stack">
      <PageHeader title="What if…" subtitle="See the submission window, the fees and what would still be missing if your application were received on another day." />
      <form
        className="card whatif-form"
        onSubmit={(event) => {
          event.preventDefault();
          setSearch(draft ? { on: draft } : {});
        }}
      >
        <Field id="whatif-date" label="Application received on" hint={e ? `Judged on the calendar of ${e.timeZoneLabel}.` : undefined} error={dateError}>
          <input id="whatif-date" type="date" value={draft} onChange={(event) => setDraft(event.target.value)}
            aria-invalid={!!dateError} aria-describedby={describedBy('whatif-date', dateError, e ? 'x' : undefined)} />
        </Field>
        <button className="button button--primary" type="submit">Check this date</button>
      </form>

      {loaded.error && !dateError && <LoadError problem={loaded.error} onRetry={loaded.reload} />}
      {!e && !loaded.error && <Loading height={320} />}
      {e && (
        <div className={`stack${loaded.loading ? ' is-stale' : ''}`} aria-busy={loaded.loading}>
          <section className="card" aria-labelledby="whatif-result">
            <h2 id="whatif-result">On {formatDate(e.on)}</h2>
            <dl className="facts">
              <div>
                <dt>Window</dt>
                <dd><WindowBadge window={e.window} /></dd>
              </div>
              <div>
                <dt>Certification status</dt>
                <dd>{statusLabels[e.status]}</dd>
              </div>
              <div>
                <dt>Could you submit?</dt>
                <dd data-testid="whatif-answer">
                  {e.eligible ? <Badge tone="ok">Yes</Badge> : e.window === 'closed' ? <Badge tone="bad">No</Badge> : <Badge tone="bad">Not yet</Badge>}
                </dd>
              </div>
              <div>
                <dt>CEUs counted</dt>
                <dd>{ceu(e.ceus.counted)} of {ceu(e.ceus.required)}</dd>
              </div>
            </dl>
            <p className="muted small">
              Expires <Deadline date={e.expiresOn} timeZone={e.timeZone} />; late applications {e.window === 'closed' ? 'were' : 'are'} accepted until{' '}
              <Deadline date={e.lastReceiptDate} timeZone={e.timeZone} />.
            </p>
            <UnmetList eligibility={e} />
          </section>
          {e.window !== 'closed' && (
            <div className="grid-dash">
              <section className="card">
                <h2>Renew</h2>
                <FeeBreakdown quote={e.fees.renew} />
              </section>
              <section className="card">
                <h2>Certify for Life</h2>
                <FeeBreakdown quote={e.fees.forLife} />
              </section>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
