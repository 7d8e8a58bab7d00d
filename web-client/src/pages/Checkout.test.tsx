import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { demoUser, renderRoute, stubApi } from '../test/helpers';
import { Checkout } from './Checkout';

const cart = {
  items: [
    {
      kind: 'renewal',
      subjectId: '00000000-0000-0000-0000-0000000000a1',
      number: 'CPT-100001',
      description: 'Renew CPT-100001 (late)',
      fees: [{ code: 'renewal', amountCents: 9900 }, { code: 'late', amountCents: 3000 }],
      amountCents: 12900,
      currency: 'USD',
    },
    {
      kind: 'petition',
      subjectId: '00000000-0000-0000-0000-0000000000b1',
      number: 'CPT-100001',
      description: 'Petition: Mobility Summit (Mobility Co)',
      fees: [{ code: 'petition', amountCents: 2500 }],
      amountCents: 2500,
      currency: 'USD',
    },
  ],
  totalCents: 15400,
  currency: 'USD',
  checkoutInProgress: null,
};

const receipt = { id: '00000000-0000-0000-0000-0000000000c1', checkoutId: '00000000-0000-0000-0000-0000000000c2', amountCents: 15400, currency: 'USD', items: cart.items, gatewayReference: 'sbx_ch_1', paidAt: '2026-11-25T18:00:00Z' };

function renderCheckout() {
  return renderRoute('/certifications/CPT-100001/cart', '/certifications/:number/cart', <Checkout />);
}

describe('cart and checkout', () => {
  it('shows each item with its fee lines and the total', async () => {
    stubApi({ 'GET /api/v1/me': { body: demoUser }, 'GET /api/v1/me/cart': { body: cart } });
    renderCheckout();
    const table = await screen.findByRole('table', { name: 'Your cart' });
    expect(table.textContent).toMatch(/Renew CPT-100001 \(late\)\$129\.00Renewal fee\$99\.00Late fee\$30\.00/);
    expect(table.textContent).toMatch(/Petition fee \(nonrefundable\)[\s\S]*Mobility Summit[\s\S]*\$25\.00/);
    expect(screen.getByTestId('cart-total').textContent).toBe('$154.00');
    expect(screen.getByRole('button', { name: 'Pay $154.00' })).toBeTruthy();
    expect(screen.getByText(/nonrefundable, also when a petition is denied/)).toBeTruthy();
  });

  it('says so when there is nothing to pay', async () => {
    stubApi({ 'GET /api/v1/me': { body: demoUser }, 'GET /api/v1/me/cart': { body: { items: [], totalCents: 0, currency: 'USD', checkoutInProgress: null } } });
    renderCheckout();
    expect(await screen.findByText('Your cart is empty: nothing to pay.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Pay/ })).toBeNull();
  });

  it('shows a decline next to the card field and lets the person pay with another card', async () => {
    const sent = stubApi({
      'GET /api/v1/me': { body: demoUser },
      'GET /api/v1/me/cart': { body: cart },
      'POST /api/v1/me/cart/checkout': (request) =>
        (request.body as { paymentToken: string }).paymentToken === 'tok_declined'
          ? { status: 402, body: { title: 'The payment was declined.', status: 402, detail: 'Your card was declined.', code: 'payment.declined' } }
          : { body: receipt },
    });
    renderCheckout();
    await userEvent.type(await screen.findByLabelText('Card (sandbox test token)'), 'tok_declined');
    await userEvent.click(screen.getByRole('button', { name: 'Pay $154.00' }));

    const input = screen.getByLabelText('Card (sandbox test token)');
    await waitFor(() => expect(input.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById('pay-token-error')?.textContent).toMatch(/Your card was declined\. Nothing was charged; your cart is still open/);
    expect(input.getAttribute('aria-describedby')).toContain('pay-token-error');
    expect(screen.getByRole('button', { name: 'Pay $154.00' }).hasAttribute('disabled')).toBe(false);

    await userEvent.clear(input);
    await userEvent.click(screen.getByRole('button', { name: 'tok_visa' }));
    await userEvent.click(screen.getByRole('button', { name: 'Pay $154.00' }));
    expect(await screen.findByText('elsewhere')).toBeTruthy();
    expect(sent.filter((s) => s.method === 'POST').map((s) => s.body)).toEqual([{ paymentToken: 'tok_declined' }, { paymentToken: 'tok_visa' }]);
  });

  it('blocks paying again when the payment is not confirmed', async () => {
    stubApi({
      'GET /api/v1/me': { body: demoUser },
      'GET /api/v1/me/cart': { body: cart },
      'POST /api/v1/me/cart/checkout': { status: 503, body: { title: 'The payment is not confirmed yet.', status: 503, code: 'payment.unknown' } },
    });
    renderCheckout();
    await userEvent.type(await screen.findByLabelText('Card (sandbox test token)'), 'tok_timeout');
    await userEvent.click(screen.getByRole('button', { name: 'Pay $154.00' }));
    expect((await screen.findByTestId('checkout-problem')).textContent).toMatch(/not confirmed yet[\s\S]*do not pay again/);
    expect(screen.getByRole('button', { name: 'Pay $154.00' }).hasAttribute('disabled')).toBe(true);
  });

  it('offers a retry after the payment service was unavailable, and explains a payment in progress', async () => {
    let attempt = 0;
    stubApi({
      'GET /api/v1/me': { body: demoUser },
      'GET /api/v1/me/cart': { body: cart },
      'POST /api/v1/me/cart/checkout': () => (++attempt === 1
        ? { status: 503, body: { title: 'The payment did not go through.', status: 503, detail: 'The payment service is unavailable.', code: 'payment.failed' } }
        : { status: 409, body: { title: 'Conflict', status: 409, code: 'checkout.in-progress' } }),
    });
    renderCheckout();
    await userEvent.type(await screen.findByLabelText('Card (sandbox test token)'), 'tok_unavailable');
    await userEvent.click(screen.getByRole('button', { name: 'Pay $154.00' }));
    expect((await screen.findByTestId('checkout-problem')).textContent).toMatch(/unavailable[\s\S]*Nothing was charged/);
    const pay = screen.getByRole('button', { name: 'Pay $154.00' });
    expect(pay.hasAttribute('disabled')).toBe(false);
    await userEvent.click(pay);
    expect((await screen.findByTestId('checkout-problem')).textContent).toContain('already in progress');
  });

  it('sends one payment for a double click and disables the button while paying', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const sent = stubApi({ 'GET /api/v1/me': { body: demoUser }, 'GET /api/v1/me/cart': { body: cart } });
    const stubbed = globalThis.fetch as unknown as (input: Request) => Promise<Response>;
    const fetchSpy = async (input: Request) => {
      if (input.method === 'POST') {
        sent.push({ method: 'POST', path: new URL(input.url).pathname, body: JSON.parse(await input.text()) });
        await gate;
        return new Response(JSON.stringify(receipt), { status: 200, headers: { 'content-type': 'application/json' } });
      }
      return stubbed(input);
    };
    globalThis.fetch = fetchSpy as typeof fetch;
    renderCheckout();
    await userEvent.type(await screen.findByLabelText('Card (sandbox test token)'), 'tok_visa');
    const pay = screen.getByRole('button', { name: 'Pay $154.00' });
    await userEvent.dblClick(pay);
    expect((await screen.findByRole('button', { name: 'Paying…' })).hasAttribute('disabled')).toBe(true);
    release();
    expect(await screen.findByText('elsewhere')).toBeTruthy();
    expect(sent.filter((s) => s.method === 'POST')).toHaveLength(1);
  });
});
