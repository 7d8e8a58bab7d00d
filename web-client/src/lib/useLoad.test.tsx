import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { api, call } from '../api/client';
import { stubApi } from '../test/helpers';
import { useLoad } from './useLoad';

let carts = 0;

function Cart() {
  const cart = useLoad((signal) => call(api.GET('/api/v1/me/cart', { signal })), 'x');
  return (
    <div>
      <p>{cart.data ? `total ${cart.data.totalCents}` : 'loading'}</p>
      <button type="button" onClick={() => void call(api.POST('/api/v1/me/cart/checkout', { body: { paymentToken: 'tok_visa' } }))}>Pay</button>
    </div>
  );
}

function Receipts() {
  // The same key on another call site loads other data: it must not be answered from the cart's cache.
  const receipts = useLoad((signal) => call(api.GET('/api/v1/me/receipts', { signal })), 'x');
  return <p>{receipts.data ? `receipts ${receipts.data.length}` : 'loading receipts'}</p>;
}

describe('useLoad on TanStack Query', () => {
  it('refetches what is on screen after a change, and keeps call sites with the same key apart', async () => {
    carts = 0;
    const sent = stubApi({
      'GET /api/v1/me/cart': () => ({ body: { items: [], totalCents: carts++ === 0 ? 2500 : 0, currency: 'USD', checkoutInProgress: null } }),
      'POST /api/v1/me/cart/checkout': { body: { outcome: 'succeeded' } },
      'GET /api/v1/me/receipts': { body: [] },
    });
    render(<><Cart /><Receipts /></>);
    expect(await screen.findByText('total 2500')).toBeTruthy();
    expect(await screen.findByText('receipts 0')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Pay' }));
    expect(await screen.findByText('total 0')).toBeTruthy();
    await waitFor(() => expect(sent.filter((s) => s.path === '/api/v1/me/receipts')).toHaveLength(2));
  });

  it('does not retry a 404', async () => {
    const sent = stubApi({});
    function Missing() {
      const loaded = useLoad((signal) => call(api.GET('/api/v1/me/cart', { signal })), 'missing');
      return <p>{loaded.error ? `error ${loaded.error.status}` : 'loading'}</p>;
    }
    render(<Missing />);
    expect(await screen.findByText('error 404')).toBeTruthy();
    expect(sent.filter((s) => s.path === '/api/v1/me/cart')).toHaveLength(1);
  });
});
