import type { Schemas } from '../api/client';

export type CourseBody = Schemas['CourseBody'];
export type CreateProviderBody = Schemas['CreateProviderCommand'];

export const courseFields = ['code', 'title', 'ceus', 'area', 'approvedFrom', 'approvedUntil', 'activityId'] as const;
export type CourseField = (typeof courseFields)[number];
export type CourseForm = Record<CourseField, string>;

export const providerFields = ['name', 'contactName', 'contactEmail', 'approvedFrom', 'approvedUntil'] as const;
export type ProviderField = (typeof providerFields)[number];
export type ProviderForm = Record<ProviderField, string>;

type Checked<F extends string, B> = { errors: Partial<Record<F, string>>; body?: undefined } | { errors: Record<string, never>; body: B };

/** CEUs typed as text: more than 0, at most 100, at most two decimals — the API's rule, checked without floating point surprises. */
export function parseCeus(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,3}(\.\d{1,2})?$|^\.\d{1,2}$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value > 0 && value <= 100 ? value : null;
}

function period(from: string, until: string, errors: Partial<Record<'approvedFrom' | 'approvedUntil', string>>) {
  if (!from) errors.approvedFrom = 'Enter the first day of the approval.';
  if (!until) errors.approvedUntil = 'Enter the last day of the approval.';
  else if (from && until < from) errors.approvedUntil = 'The approval must end on or after the day it starts.';
}

/** Checks what the browser can before calling the API, so an empty date or a bad CEU value gets a plain message. */
export function checkCourse(form: CourseForm): Checked<CourseField, CourseBody> {
  const errors: Partial<Record<CourseField, string>> = {};
  const code = form.code.trim();
  if (!code) errors.code = 'Enter the provider’s course code.';
  else if (!/^[A-Za-z0-9._-]+$/.test(code)) errors.code = 'Use letters, digits, dots, dashes and underscores only.';
  if (!form.title.trim()) errors.title = 'Enter the course title.';
  const ceus = parseCeus(form.ceus);
  if (ceus === null) errors.ceus = 'Enter more than 0 and at most 100 CEUs, with at most two decimals (e.g. 0.8).';
  if (!form.area) errors.area = 'Choose the content area.';
  period(form.approvedFrom, form.approvedUntil, errors);
  const activityId = form.activityId.trim();
  if (activityId && !/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(activityId)) errors.activityId = 'Enter an absolute IRI, e.g. https://lms.example.com/courses/kb-101.';
  if (Object.keys(errors).length > 0 || ceus === null) return { errors };
  return {
    errors: {},
    body: {
      code,
      title: form.title.trim(),
      ceus,
      area: form.area as CourseBody['area'],
      approvedFrom: form.approvedFrom,
      approvedUntil: form.approvedUntil,
      activityId: activityId || null,
    },
  };
}

export function checkProvider(form: ProviderForm): Checked<ProviderField, CreateProviderBody> {
  const errors: Partial<Record<ProviderField, string>> = {};
  if (!form.name.trim()) errors.name = 'Enter the provider’s name.';
  const email = form.contactEmail.trim();
  if (!email) errors.contactEmail = 'Enter the email address partners are reached at.';
  else if (!/^[^\s@]+@[^\s@]+$/.test(email)) errors.contactEmail = 'Enter an email address like partners@example.com.';
  period(form.approvedFrom, form.approvedUntil, errors);
  if (Object.keys(errors).length > 0) return { errors };
  return {
    errors: {},
    body: {
      name: form.name.trim(),
      contactName: form.contactName.trim() || null,
      contactEmail: email,
      approvedFrom: form.approvedFrom,
      approvedUntil: form.approvedUntil,
    },
  };
}

/** Whether a provider or course is approved on `today` (YYYY-MM-DD strings compare as dates). */
export function approvedOn(item: { approvedFrom: string; approvedUntil: string }, today: string): boolean {
  return item.approvedFrom <= today && today <= item.approvedUntil;
}

/** Today in the organisation's zone (the API judges approval periods on it), for the "approved today" badges. */
export function organisationToday(now = new Date(), timeZone = 'America/Los_Angeles'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

type DeliveryState = Pick<Schemas['WebhookDeliveryResponse'], 'state' | 'attempts' | 'nextAttemptAt'>;

/** A webhook delivery's state in words: the API's states are pending, succeeded and failed; a pending one that was tried is being retried. */
export function deliveryStateLabel(delivery: DeliveryState, formatTime: (iso: string) => string): string {
  const tries = `${delivery.attempts} ${delivery.attempts === 1 ? 'attempt' : 'attempts'}`;
  switch (delivery.state) {
    case 'succeeded':
      return `Delivered (${tries})`;
    case 'failed':
      return `Failed, not retried (${tries})`;
    case 'pending':
      if (delivery.attempts === 0) return 'Queued';
      return delivery.nextAttemptAt ? `Retrying at ${formatTime(delivery.nextAttemptAt)} (${tries} so far)` : `Retrying (${tries} so far)`;
    default:
      return `${delivery.state} (${tries})`;
  }
}
