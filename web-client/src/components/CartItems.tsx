import type { CartItem } from '../api/client';
import { feeLabel, money } from '../lib/format';

/** Items of a cart or a receipt, each with its fee lines, and the total the API computed. */
export function CartItems({ items, totalCents, currency, caption }: { items: CartItem[]; totalCents: number; currency: string; caption: string }) {
  return (
    <table className="fee-table cart-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Item</th>
          <th scope="col" className="num">Amount</th>
        </tr>
      </thead>
      {items.map((item) => (
        <tbody key={`${item.kind}-${item.subjectId}`} className="cart-table__item" data-kind={item.kind}>
          <tr>
            <th scope="row" className="cart-table__name">
              <span className="eyebrow">{item.kind === 'renewal' ? 'Renewal' : 'Petition fee (nonrefundable)'} · {item.number}</span>
              <span className="block">{item.description}</span>
            </th>
            <td className="num cart-table__amount">{money(item.amountCents, item.currency)}</td>
          </tr>
          {item.fees.length > 1 &&
            item.fees.map((fee) => (
              <tr key={fee.code} className="cart-table__fee">
                <td>{feeLabel(fee.code)}</td>
                <td className="num">{money(fee.amountCents, item.currency)}</td>
              </tr>
            ))}
        </tbody>
      ))}
      <tfoot>
        <tr className="fee-table__total">
          <th scope="row">Total</th>
          <td className="num" data-testid="cart-total">{money(totalCents, currency)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

/** Where the person is in the renewal: plan → submitted → paid → confirmed. */
export function RenewalSteps({ current }: { current: 1 | 2 | 3 | 4 }) {
  const steps = ['Choose a plan', 'Submit', 'Pay', 'Confirmation'];
  return (
    <ol className="steps" aria-label="Your progress">
      {steps.map((label, index) => {
        const step = index + 1;
        const state = step < current ? 'done' : step === current ? 'current' : 'todo';
        return (
          <li key={label} className={`steps__item steps__item--${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="steps__number" aria-hidden="true">{state === 'done' ? '✓' : step}</span>
            <span>{label}</span>
          </li>
        );
      })}
    </ol>
  );
}
