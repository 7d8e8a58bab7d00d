export type CountdownTone = 'ok' | 'warn' | 'bad';

export interface Countdown {
  /** "12 days left", "1 day left", "Due today", "Overdue". */
  label: string;
  tone: CountdownTone;
  overdue: boolean;
}

/** A reminder is emailed with this many days or fewer left (docs/renewal.md); the screen turns amber then too. */
export const reminderDays = 7;

/**
 * Days left until an audit's due date, both calendar dates in the organisation's time zone (`today` is the API's
 * `on`/today, never the browser's clock). The due date itself is still in time.
 */
export function auditCountdown(today: string, dueOn: string): Countdown {
  const days = Math.round((Date.parse(`${dueOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  if (days < 0) return { label: 'Overdue', tone: 'bad', overdue: true };
  if (days === 0) return { label: 'Due today', tone: 'bad', overdue: false };
  const label = days === 1 ? '1 day left' : `${days} days left`;
  return { label, tone: days <= reminderDays ? 'warn' : 'ok', overdue: false };
}
