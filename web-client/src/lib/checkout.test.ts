import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../api/problem';
import { checkoutFeedback } from './checkout';

describe('checkout feedback', () => {
  it('a decline goes next to the card field and the cart stays payable', () => {
    const feedback = checkoutFeedback(new ApiProblem(402, { title: 'The payment was declined.', detail: 'Your card was declined.', code: 'payment.declined' }));
    expect(feedback.fieldError).toMatch(/^Your card was declined\. Nothing was charged/);
    expect(feedback.banner).toBeUndefined();
    expect(feedback.canRetry).toBe(true);
  });

  it('an unavailable payment service may be retried', () => {
    const feedback = checkoutFeedback(new ApiProblem(503, { title: 'The payment did not go through.', code: 'payment.failed' }));
    expect(feedback.banner?.title).toBe('The payment service is unavailable.');
    expect(feedback.banner?.detail).toContain('Nothing was charged');
    expect(feedback.canRetry).toBe(true);
  });

  it('an unconfirmed payment must not be paid again', () => {
    const feedback = checkoutFeedback(new ApiProblem(503, { title: 'The payment is not confirmed yet.', code: 'payment.unknown' }));
    expect(feedback.banner?.detail).toContain('do not pay again');
    expect(feedback.canRetry).toBe(false);
  });

  it('a payment in progress elsewhere blocks a second one', () => {
    const feedback = checkoutFeedback(new ApiProblem(409, { title: 'Conflict', code: 'checkout.in-progress' }));
    expect(feedback.banner?.title).toBe('A payment for this cart is already in progress.');
    expect(feedback.canRetry).toBe(false);
  });
});
