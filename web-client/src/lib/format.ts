import type { Schemas } from '../api/client';
import { organisation } from './organisation';

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Integer cents → "$99.00". */
export function money(cents: number, currency = 'USD'): string {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    moneyFormats.set(currency, format);
  }
  return format.format(cents / 100);
}

/** Dollars typed by staff ("99", "99.5", "$1,299.00") → integer cents, or null when it is not an amount. */
export function dollarsToCents(text: string): number | null {
  const cleaned = text.replace(/[$,\s]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  const [whole, fraction = ''] = cleaned.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

export function centsToDollars(cents: number): string {
  return (cents / 100).toFixed(2);
}

/** 1.4 → "1.4", 2 → "2.0", 0.05 → "0.05". */
export function ceu(value: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 2 });
}

function parseIsoDate(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

/** A calendar date "2027-01-24" → "January 24, 2027" (never shifted by the browser's time zone). */
export function formatDate(iso: string): string {
  return new Date(parseIsoDate(iso)).toLocaleDateString('en-US', {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  });
}

/** The one way a deadline is written: "April 30, 2027, end of day Pacific Time". */
export function formatDeadline(iso: string, timeZoneLabel: string = organisation().timeZoneLabel): string {
  return `${formatDate(iso)}, end of day ${timeZoneLabel}`;
}

/** The label for a zone: the organisation's own label for its zone, otherwise the generic name. */
export function zoneLabel(timeZone: string | undefined): string {
  const org = organisation();
  if (!timeZone || timeZone === org.timeZone) return org.timeZoneLabel;
  return timeZoneName(timeZone);
}

/** Whole days from one calendar date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseIsoDate(to) - parseIsoDate(from)) / 86_400_000);
}

export function addDays(iso: string, days: number): string {
  return new Date(parseIsoDate(iso) + days * 86_400_000).toISOString().slice(0, 10);
}

/** "America/Los_Angeles" → "Pacific Time"; falls back to the IANA id. */
export function timeZoneName(timeZone: string): string {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longGeneric' })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName');
    return part?.value ?? timeZone;
  } catch {
    return timeZone;
  }
}

export function daysLabel(days: number): string {
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days > 0) return `in ${days} days`;
  if (days === -1) return 'yesterday';
  return `${-days} days ago`;
}

export const areaLabels: Record<Schemas['CeuArea'], string> = {
  assessment: 'Assessment',
  'exercise-technique': 'Exercise technique',
  'program-design': 'Program design',
  nutrition: 'Nutrition',
  'client-relations-and-administration': 'Client relations and administration',
  'professional-practice-and-responsibility': 'Professional practice and responsibility',
};

export const areas = Object.keys(areaLabels) as Schemas['CeuArea'][];

export const sourceLabels: Record<Schemas['CeuSource'], string> = {
  'category-a': 'Category A',
  provider: 'Approved provider',
  petition: 'Petition',
  other: 'Other (self-reported)',
};

export const windowLabels: Record<Schemas['SubmissionWindow'], string> = {
  'on-time': 'On time',
  late: 'Late (within 90 days after expiry)',
  'late-after-90-days': 'Late, more than 90 days after expiry',
  closed: 'Closed',
};

export const statusLabels: Record<Schemas['CertificationStatus'], string> = {
  active: 'Active',
  'expired-in-grace': 'Expired — renewable late',
  lapsed: 'Lapsed',
};

export const applicationStatusLabels: Record<Schemas['ApplicationStatus'], string> = {
  draft: 'Draft',
  submitted: 'Submitted — awaiting payment',
  paid: 'Paid',
  approved: 'Approved',
  'audit-requested': 'Selected for audit',
  'documentation-submitted': 'Audit documents submitted',
  'audit-failed': 'Audit failed',
  withdrawn: 'Withdrawn',
  rejected: 'Rejected',
};

export const openApplicationStatuses: ReadonlyArray<Schemas['ApplicationStatus']> = [
  'draft',
  'submitted',
  'paid',
  'audit-requested',
  'documentation-submitted',
];

export const planLabels: Record<Schemas['RenewalPlan'], string> = {
  renew: 'Renew',
  'for-life': 'Certify for Life',
};

export const cardKindLabels: Record<Schemas['CardKind'], string> = {
  'cpr-aed': 'Combined CPR/AED',
  cpr: 'CPR only',
  aed: 'AED only',
};

const feeLabels: Record<string, string> = {
  renewal: 'Renewal fee',
  'for-life': 'Certify for Life (one-time)',
  late: 'Late fee',
  'additional-late': 'Additional late fee (more than 90 days)',
  petition: 'Petition fee',
};

export function feeLabel(code: string): string {
  return feeLabels[code] ?? code;
}

export const petitionStatusLabels: Record<Schemas['PetitionStatus'], string> = {
  'awaiting-payment': 'Pending payment',
  'awaiting-review': 'Awaiting review',
  approved: 'Approved',
  denied: 'Denied',
  cancelled: 'Cancelled, not charged',
};

export const auditStateLabels: Record<Schemas['AuditState'], string> = {
  requested: 'Documentation requested',
  'documentation-submitted': 'Documentation submitted — awaiting review',
  passed: 'Passed',
  failed: 'Failed',
};

/** Application statuses that have (or had) an audit. */
export const auditedStatuses: ReadonlyArray<Schemas['ApplicationStatus']> = ['audit-requested', 'documentation-submitted', 'audit-failed'];

/** "2026-11-25T18:04:00Z" → "November 25, 2026, 10:04 AM Pacific Time": in the organisation's zone unless told otherwise, never the browser's. */
export function formatDateTime(iso: string, timeZone?: string): string {
  const zone = timeZone ?? organisation().timeZone;
  const text = new Date(iso).toLocaleString('en-US', { timeZone: zone, year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit' });
  return `${text} ${zoneLabel(zone)}`;
}
