/** Advisors' contact hours, in Pacific time (SPEC.md, "Contact hours"). */
export const ADVISOR_TIME_ZONE = 'America/Los_Angeles';
export const ADVISOR_PHONE = '800-460-6276';

export type Weekday = 'Mon' | 'Tue' | 'Wed' | 'Thu' | 'Fri' | 'Sat' | 'Sun';
const weekdays: Weekday[] = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Opening and closing hour (24 h clock) per weekday; open from `opens` inclusive to `closes` exclusive. */
export const ADVISOR_HOURS: Record<Weekday, { opens: number; closes: number }> = {
  Mon: { opens: 5, closes: 18 },
  Tue: { opens: 5, closes: 18 },
  Wed: { opens: 5, closes: 18 },
  Thu: { opens: 5, closes: 18 },
  Fri: { opens: 5, closes: 17 },
  Sat: { opens: 7, closes: 16 },
  Sun: { opens: 7, closes: 16 },
};

export const ADVISOR_HOURS_TEXT = [
  { days: 'Monday – Thursday', hours: '5 am – 6 pm' },
  { days: 'Friday', hours: '5 am – 5 pm' },
  { days: 'Saturday – Sunday', hours: '7 am – 4 pm' },
];

interface PacificMoment {
  weekday: Weekday;
  minutes: number;
}

const parts = new Intl.DateTimeFormat('en-US', {
  timeZone: ADVISOR_TIME_ZONE,
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function inPacific(now: Date): PacificMoment {
  const values = Object.fromEntries(parts.formatToParts(now).map((p) => [p.type, p.value]));
  const hour = Number(values.hour) % 24;
  return { weekday: values.weekday as Weekday, minutes: hour * 60 + Number(values.minute) };
}

function hourText(hour: number): string {
  if (hour === 0) return '12 am';
  if (hour === 12) return 'noon';
  return hour < 12 ? `${hour} am` : `${hour - 12} pm`;
}

export interface AdvisorAvailability {
  open: boolean;
  /** "Open now until 6 pm Pacific" / "Closed — opens tomorrow (Tue) at 5 am Pacific" */
  summary: string;
}

/** Whether advisors are available at `now`, judged on the Pacific clock whatever the browser's time zone. */
export function advisorAvailability(now: Date = new Date()): AdvisorAvailability {
  const { weekday, minutes } = inPacific(now);
  const today = ADVISOR_HOURS[weekday];
  if (minutes >= today.opens * 60 && minutes < today.closes * 60) {
    return { open: true, summary: `Available now, until ${hourText(today.closes)} Pacific time` };
  }
  if (minutes < today.opens * 60) {
    return { open: false, summary: `Closed now — opens today at ${hourText(today.opens)} Pacific time` };
  }
  const next = weekdays[(weekdays.indexOf(weekday) + 1) % 7] as Weekday;
  return {
    open: false,
    summary: `Closed now — opens tomorrow (${next}) at ${hourText(ADVISOR_HOURS[next].opens)} Pacific time`,
  };
}
