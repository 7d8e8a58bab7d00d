import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, call, type Refund } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { LoadError, Loading, PageHeader, ProblemBanner } from '../../components/ui';
import { formatDate, money } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';

/** Charges that landed after their application closed: staff give the money back through the payment gateway. */
export function StaffRefunds() {
  const [params, setParams] = useSearchParams();
  const state = params.get('state') === 'refunded' ? 'refunded' : 'due';
  const loaded = useLoad((signal) => call(api.GET('/api/v1/staff/refunds', { params: { query: { state } }, signal })), state);
  const [message, setMessage] = useState<string>();

  return (
    <div className="stack">
      <PageHeader title="Refunds" subtitle="Payments that arrived after their application was withdrawn or closed. Refunding returns the money to the card and emails the certificant." />
      <div className="toolbar" role="group" aria-label="Which refunds">
        <button type="button" className={`button button--small${state === 'due' ? ' button--primary' : ''}`} aria-pressed={state === 'due'} onClick={() => { setMessage(undefined); setParams({}); }}>Due</button>
        <button type="button" className={`button button--small${state === 'refunded' ? ' button--primary' : ''}`} aria-pressed={state === 'refunded'} onClick={() => { setMessage(undefined); setParams({ state: 'refunded' }); }}>Refunded</button>
        {loaded.data && <span className="muted small">{loaded.data.length} refund{loaded.data.length === 1 ? '' : 's'}</span>}
      </div>
      {message && <div className="banner banner--ok" role="status">{message}</div>}
      {loaded.error ? (
        <LoadError problem={loaded.error} onRetry={loaded.reload} />
      ) : !loaded.data ? (
        <Loading label="Loading refunds…" height={240} />
      ) : loaded.data.length === 0 ? (
        <section className="card"><p className="muted">{state === 'due' ? 'No refunds due.' : 'No refunds issued yet.'}</p></section>
      ) : (
        <section className={`card card--flush${loaded.loading ? ' is-reloading' : ''}`}>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Certification</th><th scope="col">Why</th><th scope="col">Queued</th><th scope="col" className="num">Age (days)</th>
                  <th scope="col" className="num">Amount</th><th scope="col">{state === 'due' ? <span className="visually-hidden">Actions</span> : 'Refund'}</th>
                </tr>
              </thead>
              <tbody>
                {loaded.data.map((r) => (
                  <RefundRow key={r.id} refund={r} onRefunded={(done) => { setMessage(`Refunded ${money(done.amountCents, done.currency)} to ${done.holderName} (${done.number}).`); loaded.reload(); }} />
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}

function RefundRow({ refund: r, onRefunded }: { refund: Refund; onRefunded: (refund: Refund) => void }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();

  async function refund() {
    setBusy(true);
    setProblem(undefined);
    try {
      onRefunded(await call(api.POST('/api/v1/staff/refunds/{id}/refund', { params: { path: { id: r.id } } })));
    } catch (error) {
      if (error instanceof ApiProblem) setProblem(error);
      else throw error;
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <tr>
        <td><Link to={`/staff/certifications/${encodeURIComponent(r.number)}`}>{r.number}</Link><div className="muted small">{r.holderName}</div></td>
        <td>{r.reason}</td>
        <td>{formatDate(r.createdAt.slice(0, 10))}</td>
        <td className="num">{r.ageDays}</td>
        <td className="num">{money(r.amountCents, r.currency)}</td>
        <td>
          {r.state === 'due'
            ? <button type="button" className="button button--small button--primary" disabled={busy} onClick={refund} aria-label={`Refund ${money(r.amountCents, r.currency)} to ${r.holderName}`}>{busy ? 'Refunding…' : 'Refund'}</button>
            : <span className="small">{r.gatewayReference}{r.refundedAt ? ` · ${formatDate(r.refundedAt.slice(0, 10))}` : ''}</span>}
        </td>
      </tr>
      {problem && <tr><td colSpan={6}><ProblemBanner problem={problem} /></td></tr>}
    </>
  );
}
