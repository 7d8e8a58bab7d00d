import { Link } from 'react-router';
import type { Application } from '../api/client';
import { applicationStatusLabels, formatDate, money, planLabels } from '../lib/format';

/** Applications as a table: received, plan, status and total (used by the certificant and by staff). */
export function ApplicationsTable({ items, detailLink }: { items: Application[]; detailLink?: (a: Application) => string }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr><th scope="col">Received</th><th scope="col">Plan</th><th scope="col">Status</th><th scope="col" className="num">Total</th></tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.id}>
              <td data-label="Received">{detailLink ? <Link to={detailLink(a)}>{formatDate(a.receivedOn)}</Link> : formatDate(a.receivedOn)}</td>
              <td data-label="Plan">{planLabels[a.plan]}</td>
              <td data-label="Status">{applicationStatusLabels[a.status]}</td>
              <td data-label="Total" className="num">{money(a.fees.totalCents, a.fees.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
