import { useEffect, useState } from 'react';
import { ADVISOR_HOURS_TEXT, ADVISOR_PHONE, advisorAvailability } from '../lib/advisors';
import { Badge, PageHeader } from '../components/ui';
import { organisation } from '../lib/organisation';

export function Help() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  const availability = advisorAvailability(now);

  return (
    <div className="stack narrow">
      <PageHeader title="Help" subtitle="Recertification advisors can answer questions about CEUs, CPR/AED cards, fees and deadlines." />
      <section className="card" aria-labelledby="advisors-heading">
        <div className="card__head">
          <h2 id="advisors-heading">Talk to an advisor</h2>
          <Badge tone={availability.open ? 'ok' : 'muted'}>{availability.open ? 'Available now' : 'Closed now'}</Badge>
        </div>
        <p className="phone">
          <a href={`tel:+1${ADVISOR_PHONE.replace(/-/g, '')}`}>{ADVISOR_PHONE}</a>
        </p>
        <p data-testid="advisor-availability">{availability.summary}.</p>
        <p>
          Or write to the certification department: <a href={`mailto:${organisation().contactEmail}`}>{organisation().contactEmail}</a>
        </p>
        <table className="fees hours">
          <caption>Hours (Pacific Time)</caption>
          <tbody>
            {ADVISOR_HOURS_TEXT.map((row) => (
              <tr key={row.days}>
                <th scope="row">{row.days}</th>
                <td>{row.hours}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card" aria-labelledby="faq-heading">
        <h2 id="faq-heading">How recertification works</h2>
        <ul className="plain-list">
          <li><strong>Every two years</strong> you need at least 2.0 CEUs completed in the cycle (1 contact hour = 0.1 CEU) and a current adult CPR and AED card with a hands-on skills component.</li>
          <li><strong>Which activities count</strong>: those completed from the first day of your cycle through 90 days after its expiry date. After an early renewal your new cycle starts the day after the old expiry date; activities completed before then count toward neither cycle. Once the 90 days have passed with CEUs short, more CEUs cannot be added to that cycle: call or write to us about your options.</li>
          <li><strong>On time</strong> means your application is received by your expiry date (judged on the Pacific Time calendar). Up to 90 days late a late fee applies; after that an additional late fee; one year after expiry the certification lapses.</li>
          <li><strong>Certify for Life</strong> is a one-time fee that replaces the renewal fee for this and every later renewal. CEU and CPR/AED requirements still apply.</li>
          <li><strong>Audits</strong>: any paid application may be selected; keep your certificates of completion.</li>
        </ul>
      </section>
    </div>
  );
}
