import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call } from '../api/client';
import { ApiProblem } from '../api/problem';
import { CartItems, RenewalSteps } from '../components/CartItems';
import { describedBy, Field, LoadError, Loading, PageHeader } from '../components/ui';
import { checkoutFeedback, testTokens, type CheckoutFeedback } from '../lib/checkout';
import { money } from '../lib/format';
import { useLoad } from '../lib/useLoad';

/** The cart (renewal fees as quoted, unpaid petition fees) and the payment form. */
export function Checkout() {
  const number = useParams().number!;
  const navigate = useNavigate();
  const base = `/certifications/${encodeURIComponent(number)}`;
  const cart = useLoad((signal) => call(api.GET('/api/v1/me/cart', { signal })), 'cart');
  const [token, setToken] = useState('');
  const [paying, setPaying] = useState(false);
  const [feedback, setFeedback] = useState<CheckoutFeedback>();
  // A second click can arrive before React re-renders the disabled button; the ref stops it synchronously.
  const inFlight = useRef(false);

  async function pay(event: FormEvent) {
    event.preventDefault();
    if (inFlight.current) return;
    if (!token.trim()) {
      setFeedback({ fieldError: 'Enter a card token, e.g. tok_visa.', canRetry: true });
      return;
    }
    inFlight.current = true;
    setPaying(true);
    setFeedback(undefined);
    try {
      const receipt = await call(api.POST('/api/v1/me/cart/checkout', { body: { paymentToken: token.trim() } }));
      navigate(`${base}/receipts/${encodeURIComponent(receipt.id)}`, { state: { receipt, justPaid: true } });
    } catch (cause) {
      const problem = cause instanceof ApiProblem ? cause : new ApiProblem(0, {});
      setFeedback(checkoutFeedback(problem));
      cart.reload();
    } finally {
      inFlight.current = false;
      setPaying(false);
    }
  }

  if (cart.error) return <LoadError problem={cart.error} onRetry={cart.reload} />;
  if (!cart.data) return <Loading label="Loading your cart…" height={420} />;
  const { items, totalCents, currency, checkoutInProgress } = cart.data;
  const hasRenewal = items.some((i) => i.kind === 'renewal');
  const hasPetition = items.some((i) => i.kind === 'petition');
  const blocked = feedback ? !feedback.canRetry : false;

  return (
    <div className="stack narrow-wide">
      {hasRenewal && <RenewalSteps current={3} />}
      <PageHeader title="Cart and checkout" subtitle="Everything you owe is paid with one charge." />
      {items.length === 0 ? (
        <section className="card">
          <p>Your cart is empty: nothing to pay.</p>
          <p className="muted small">
            Renewal fees appear here once you submit an application; petition fees once you file a petition.{' '}
            <Link to={`${base}/receipts`}>Your receipts</Link>
          </p>
        </section>
      ) : (
        <>
          <section className={`card card--flush${cart.loading ? ' is-reloading' : ''}`} aria-labelledby="cart-heading">
            <h2 id="cart-heading" className="card__title-pad">Your cart</h2>
            <CartItems items={items} totalCents={totalCents} currency={currency} caption="Your cart" />
            {hasPetition && (
              <p className="muted small card__title-pad">Petition fees are nonrefundable, also when a petition is denied.</p>
            )}
          </section>

          {feedback?.banner && (
            <div className="banner banner--error" role="alert" data-testid="checkout-problem">
              <p className="banner__title">{feedback.banner.title}</p>
              {feedback.banner.detail && <p>{feedback.banner.detail}</p>}
            </div>
          )}
          {checkoutInProgress && !feedback && (
            <div className="banner banner--warn" role="status">
              <p className="banner__title">A payment for this cart is in progress.</p>
              <p>Please wait for its result before paying again; reload this page in a moment.</p>
            </div>
          )}

          <form className="card" onSubmit={pay} noValidate aria-labelledby="pay-heading">
            <h2 id="pay-heading">Pay {money(totalCents, currency)}</h2>
            <Field
              id="pay-token"
              label="Card (sandbox test token)"
              hint={<>This is the sandbox gateway: no real card is charged. Type a token or choose one below.</>}
              error={feedback?.fieldError}
            >
              <input id="pay-token" value={token} autoComplete="off" spellCheck={false} placeholder="e.g. tok_visa"
                onChange={(e) => { setToken(e.target.value); setFeedback(undefined); }}
                aria-invalid={!!feedback?.fieldError} aria-describedby={describedBy('pay-token', feedback?.fieldError, 'x')} />
            </Field>
            <details className="token-hint">
              <summary>Test card tokens</summary>
              <ul>
                {testTokens.map((t) => (
                  <li key={t.token}>
                    <button type="button" className="link-button mono" onClick={() => { setToken(t.token); setFeedback(undefined); }}>{t.token}</button>
                    <span className="muted"> — {t.behaviour}</span>
                  </li>
                ))}
              </ul>
            </details>
            <div className="form-actions">
              <button className="button button--primary" type="submit" disabled={paying || blocked}>
                {paying ? 'Paying…' : `Pay ${money(totalCents, currency)}`}
              </button>
              {paying && <span className="muted small" role="status">Contacting the payment service; please wait.</span>}
            </div>
          </form>
        </>
      )}
      <p><Link to={`${base}/receipts`}>Your receipts</Link> · <Link to={base}>Back to your dashboard</Link></p>
    </div>
  );
}
