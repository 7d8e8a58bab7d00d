import { useEffect, useState } from 'react';
import { ADVISOR_HOURS_TEXT, ADVISOR_PHONE, advisorAvailability } from '../lib/advisors';
import { Badge, PageHeader } from '../components/ui';

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
        <table className="fees hours">
          <caption>Hours (Pacific time, America/Los_Angeles)</caption>
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
          <li><strong>On time</strong> means your application is received by your expiry date (judged on the Pacific calendar). Up to 90 days late a late fee applies; after that an additional late fee; one year after expiry the certification lapses.</li>
          <li><strong>Certify for Life</strong> is a one-time fee that replaces the renewal fee for this and every later renewal. CEU and CPR/AED requirements still apply.</li>
          <li><strong>Audits</strong>: any paid application may be selected; keep your certificates of completion.</li>
        </ul>
      </section>
    </div>
  );
}
