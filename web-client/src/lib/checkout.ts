import type { ApiProblem } from '../api/problem';

/** The sandbox gateway's test tokens (docs/renewal.md). */
export const testTokens: ReadonlyArray<{ token: string; behaviour: string }> = [
  { token: 'tok_visa', behaviour: 'succeeds' },
  { token: 'tok_declined', behaviour: 'declined by the card issuer' },
  { token: 'tok_transient_then_ok', behaviour: 'fails once, the automatic retry succeeds (one charge)' },
  { token: 'tok_unavailable', behaviour: 'the payment service stays unavailable; nothing is charged' },
  { token: 'tok_timeout', behaviour: 'the reply is lost; the charge is found again (about 10 s), never charged twice' },
];

export interface CheckoutFeedback {
  /** Shown next to the card field (a decline: try another card). */
  fieldError?: string;
  /** Shown above the form. */
  banner?: { title: string; detail?: string };
  /** Whether paying again now is the right thing to do. */
  canRetry: boolean;
}

/** What a failed checkout means for the person paying, from the API's status and problem code. */
export function checkoutFeedback(problem: ApiProblem): CheckoutFeedback {
  const detail = problem.detail;
  if (problem.status === 402) {
    return { fieldError: `${detail ?? 'The card was declined.'} Nothing was charged; your cart is still open — try another card.`, canRetry: true };
  }
  if (problem.status === 400) {
    return { fieldError: problem.field('paymentToken') ?? 'Enter a card token.', canRetry: true };
  }
  if (problem.status === 503 && problem.code === 'payment.unknown') {
    return {
      banner: {
        title: 'Your payment is not confirmed yet.',
        detail: 'Please do not pay again. We will look the charge up and settle it; check your receipts in a few minutes.',
      },
      canRetry: false,
    };
  }
  if (problem.status === 503) {
    return { banner: { title: 'The payment service is unavailable.', detail: `${detail ? `${detail} ` : ''}Nothing was charged. Please try again in a moment.` }, canRetry: true };
  }
  if (problem.status === 409 && problem.code === 'checkout.in-progress') {
    return { banner: { title: 'A payment for this cart is already in progress.', detail: 'Wait for its result (for example in another tab), then reload this page.' }, canRetry: false };
  }
  if (problem.status === 409 && problem.code === 'cart.empty') {
    return { banner: { title: 'Your cart is empty.', detail: 'There is nothing to pay.' }, canRetry: false };
  }
  return { banner: { title: problem.title, detail }, canRetry: true };
}
