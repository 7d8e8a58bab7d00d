import { useEffect, useState, type FormEvent } from 'react';
import { api, call, type FeeScheduleEntry } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { Badge, describedBy, Field, LoadError, Loading, PageHeader, ProblemBanner } from '../../components/ui';
import { centsToDollars, dollarsToCents, formatDate, money } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';
import { useFormProblem } from '../../lib/formProblem';

const amountFields = [
  { name: 'renewalCents', label: 'Renewal' },
  { name: 'lateCents', label: 'Late fee' },
  { name: 'additionalLateCents', label: 'Additional late fee (after 90 days)' },
  { name: 'forLifeCents', label: 'Certify for Life' },
  { name: 'petitionCents', label: 'Petition (per course)' },
] as const;
type AmountField = (typeof amountFields)[number]['name'];

export function StaffFees() {
  const loaded = useLoad((signal) => call(api.GET('/api/v1/fee-schedule', { signal })), 'fees');
  const [amounts, setAmounts] = useState<Record<AmountField, string>>();
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [busy, setBusy] = useState(false);
  const { problem, setProblem, setFieldErrors, err, edited } = useFormProblem();
  const [saved, setSaved] = useState<string>();

  const current = loaded.data?.current;
  useEffect(() => {
    if (current && !amounts) setAmounts(toDollars(current));
  }, [current, amounts]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!amounts || !current) return;
    const cents: Partial<Record<AmountField, number>> = {};
    const errors: Record<string, string> = {};
    for (const { name } of amountFields) {
      const value = dollarsToCents(amounts[name]);
      if (value === null) errors[name] = 'Enter an amount in dollars, e.g. 99 or 99.50.';
      else cents[name] = value;
    }
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    setProblem(undefined);
    setSaved(undefined);
    try {
      await call(
        api.PUT('/api/v1/fee-schedule', {
          body: {
            effectiveFrom: effectiveFrom || null,
            currency: current.currency,
            ...(cents as Record<AmountField, number>),
          },
        }),
      );
      setSaved(effectiveFrom ? `Fees saved; in force from ${formatDate(effectiveFrom)}.` : 'Fees saved; in force from today.');
      loaded.reload();
    } catch (cause) {
      setProblem(cause as ApiProblem);
    } finally {
      setBusy(false);
    }
  }

  if (loaded.error && !loaded.data) return <LoadError problem={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data || !amounts) return <Loading label="Loading the fee schedule…" height={420} />;
  const schedule = loaded.data;

  return (
    <div className="stack">
      <PageHeader title="Fee schedule" subtitle={`Fees in force today, ${formatDate(schedule.today)}. Applications keep the fees quoted on the day they are received.`} />
      {saved && <div className="banner banner--ok" role="status">{saved}</div>}
      <div className="grid-fees">
        <form className="card" onSubmit={submit} noValidate aria-labelledby="fees-edit">
          <h2 id="fees-edit">Set fees</h2>
          <ProblemBanner problem={problem} shownFields={[...amountFields.map((f) => f.name), 'effectiveFrom']} />
          {amountFields.map(({ name, label }) => {
            const id = `fee-${name}`;
            const error = err(name);
            return (
              <Field key={name} id={id} label={`${label} (${schedule.current.currency})`} error={error}>
                <div className="money-input">
                  <span aria-hidden="true">$</span>
                  <input id={id} inputMode="decimal" value={amounts[name]} onChange={(e) => { setAmounts({ ...amounts, [name]: e.target.value }); edited(name); }}
                    aria-invalid={!!error} aria-describedby={describedBy(id, error)} />
                </div>
              </Field>
            );
          })}
          <Field id="fee-effective" label="In force from" hint="Today or a later date; leave empty for today." error={err('effectiveFrom')}>
            <input id="fee-effective" type="date" value={effectiveFrom} min={schedule.today} onChange={(e) => { setEffectiveFrom(e.target.value); edited('effectiveFrom'); }}
              aria-invalid={!!err('effectiveFrom')} aria-describedby={describedBy('fee-effective', err('effectiveFrom'), 'x')} />
          </Field>
          <div className="form-actions">
            <button className="button button--primary" type="submit" disabled={busy}>{busy ? 'Saving…' : 'Save fees'}</button>
          </div>
        </form>
        <section className="card card--flush" aria-labelledby="fees-history">
          <h2 id="fees-history" className="card__title-pad">Schedules</h2>
          <div className="table-wrap">
            <table className="table fee-table">
              <thead>
                <tr>
                  <th scope="col">From</th>
                  <th scope="col" className="num">Renewal</th>
                  <th scope="col" className="num">Late</th>
                  <th scope="col" className="num">Add’l late</th>
                  <th scope="col" className="num">For Life</th>
                  <th scope="col" className="num">Petition</th>
                </tr>
              </thead>
              <tbody>
                {schedule.schedules.map((entry) => (
                  <tr key={entry.effectiveFrom} className={entry.effectiveFrom === schedule.current.effectiveFrom ? 'row--current' : ''}>
                    <td data-label="From">
                      {formatDate(entry.effectiveFrom)}
                      {entry.effectiveFrom === schedule.current.effectiveFrom && <span className="block"><Badge tone="ok">In force</Badge></span>}
                      {entry.effectiveFrom > schedule.today && <span className="block"><Badge tone="info">Announced</Badge></span>}
                    </td>
                    <td data-label="Renewal" className="num">{money(entry.renewalCents, entry.currency)}</td>
                    <td data-label="Late" className="num">{money(entry.lateCents, entry.currency)}</td>
                    <td data-label="Add’l late" className="num">{money(entry.additionalLateCents, entry.currency)}</td>
                    <td data-label="For Life" className="num">{money(entry.forLifeCents, entry.currency)}</td>
                    <td data-label="Petition" className="num">{money(entry.petitionCents, entry.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </div>
    </div>
  );
}

function toDollars(entry: FeeScheduleEntry): Record<AmountField, string> {
  return {
    renewalCents: centsToDollars(entry.renewalCents),
    lateCents: centsToDollars(entry.lateCents),
    additionalLateCents: centsToDollars(entry.additionalLateCents),
    forLifeCents: centsToDollars(entry.forLifeCents),
    petitionCents: centsToDollars(entry.petitionCents),
  };
}
