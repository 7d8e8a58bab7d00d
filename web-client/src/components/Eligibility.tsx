import { Link } from 'react-router';
import type { Eligibility, FeeQuote } from '../api/client';
import { areaLabels, areas, ceu, feeLabel, money, windowLabels } from '../lib/format';
import { actionForUnmet, type UnmetAction } from '../lib/unmet';
import { Badge, ProgressRing } from './ui';

export function windowTone(window: Eligibility['window']): 'ok' | 'warn' | 'bad' {
  if (window === 'on-time') return 'ok';
  if (window === 'closed') return 'bad';
  return 'warn';
}

export function CeuProgress({ counted, required, byArea }: { counted: number; required: number; byArea: Record<string, number> }) {
  const max = Math.max(...Object.values(byArea), 0.0001);
  return (
    <div className="ceu-progress">
      <div className="ceu-progress__ring">
        <ProgressRing value={counted} max={required} label={`${ceu(counted)} of ${ceu(required)} CEUs counted`} />
        <div className="ceu-progress__center" aria-hidden="true">
          <strong>{ceu(counted)}</strong>
          <span>of {ceu(required)} CEUs</span>
        </div>
      </div>
      <dl className="areas">
        {areas.map((area) => {
          const value = byArea[area] ?? 0;
          return (
            <div key={area} className="areas__row">
              <dt>{areaLabels[area]}</dt>
              <dd>
                <span className="areas__bar" aria-hidden="true">
                  <span style={{ width: `${(value / max) * 100}%` }} />
                </span>
                <span className="areas__value">{ceu(value)}</span>
              </dd>
            </div>
          );
        })}
      </dl>
    </div>
  );
}

/** `actionFor` replaces the certificant's next steps (e.g. staff add Category A CEUs on their own page); null: no link. */
export function UnmetList({ eligibility, actionFor }: { eligibility: Eligibility; actionFor?: (code: string) => UnmetAction | null }) {
  if (eligibility.unmet.length === 0) {
    return <p className="ok-line">✓ Every requirement is met on this date.</p>;
  }
  return (
    <ul className="unmet" aria-label="What is still needed">
      {eligibility.unmet.map((rule) => {
        const action = actionFor ? actionFor(rule.code) : actionForUnmet(rule.code, eligibility.number);
        return (
          <li key={rule.code} className="unmet__item" data-code={rule.code}>
            <span className="unmet__icon" aria-hidden="true">!</span>
            <span className="unmet__message">{rule.message}</span>
            {action && action.to.startsWith('#') && (
              <a className="button button--small" href={action.to}>{action.label}</a>
            )}
            {action && !action.to.startsWith('#') && (
              <Link className="button button--small" to={action.to}>
                {action.label}
              </Link>
            )}
          </li>
        );
      })}
    </ul>
  );
}

export function FeeBreakdown({ quote, caption }: { quote: FeeQuote; caption?: string }) {
  return (
    <table className="fees">
      {caption && <caption>{caption}</caption>}
      <tbody>
        {quote.items.map((item) => (
          <tr key={item.code}>
            <th scope="row">{feeLabel(item.code)}</th>
            <td>{money(item.amountCents, quote.currency)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <td>{money(quote.totalCents, quote.currency)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

export function WindowBadge({ window }: { window: Eligibility['window'] }) {
  return <Badge tone={windowTone(window)}>{windowLabels[window]}</Badge>;
}
