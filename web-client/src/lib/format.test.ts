import { describe, expect, it } from 'vitest';
import { addDays, ceu, centsToDollars, daysBetween, dollarsToCents, feeLabel, formatDate, formatDateTime, formatDeadline, money } from './format';
import { setOrganisation } from './organisation';

describe('money', () => {
  it('shows integer cents as dollars', () => {
    expect(money(9900)).toBe('$99.00');
    expect(money(129950)).toBe('$1,299.50');
    expect(money(5)).toBe('$0.05');
  });

  it.each([
    ['99', 9900],
    ['99.5', 9950],
    ['99.50', 9950],
    ['$1,299.00', 129900],
    [' 0.05 ', 5],
    ['0', 0],
  ])('reads "%s" dollars as %i cents, exactly', (text, cents) => {
    expect(dollarsToCents(text)).toBe(cents);
  });

  it.each(['', 'abc', '9.999', '-5', '1.2.3'])('refuses "%s"', (text) => {
    expect(dollarsToCents(text)).toBeNull();
  });

  it('round-trips cents through the edit field', () => {
    expect(dollarsToCents(centsToDollars(10950))).toBe(10950);
    expect(dollarsToCents(centsToDollars(1))).toBe(1);
  });
});

describe('dates', () => {
  it('formats calendar dates without shifting them into the browser time zone', () => {
    expect(formatDate('2027-01-24')).toBe('January 24, 2027');
    expect(formatDate('2026-03-08')).toBe('March 8, 2026');
  });

  it('writes every deadline one way, with the organisation time zone label', () => {
    expect(formatDeadline('2027-04-30')).toBe('April 30, 2027, end of day Pacific Time');
    expect(formatDeadline('2028-02-29', 'Eastern Time')).toBe('February 29, 2028, end of day Eastern Time');
  });

  it('shows timestamps in the organisation zone with its label, not the browser zone', () => {
    expect(formatDateTime('2026-11-25T18:04:00Z')).toBe('November 25, 2026 at 10:04 AM Pacific Time');
    setOrganisation({ timeZone: 'America/New_York', timeZoneLabel: 'Eastern Time' });
    try {
      expect(formatDateTime('2026-11-25T18:04:00Z')).toBe('November 25, 2026 at 1:04 PM Eastern Time');
    } finally {
      setOrganisation({ timeZone: 'America/Los_Angeles', timeZoneLabel: 'Pacific Time' });
    }
  });

  it('counts days between calendar dates across DST and leap days', () => {
    expect(daysBetween('2026-11-25', '2027-01-24')).toBe(60);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-03-07', '2026-03-09')).toBe(2);
    expect(daysBetween('2027-01-24', '2026-11-25')).toBe(-60);
    expect(addDays('2027-01-24', 90)).toBe('2027-04-24');
  });
});

describe('labels', () => {
  it('shows CEUs with one or two decimals', () => {
    expect(ceu(1.4)).toBe('1.4');
    expect(ceu(2)).toBe('2.0');
    expect(ceu(0.05)).toBe('0.05');
  });

  it('names fee codes and keeps unknown ones visible', () => {
    expect(feeLabel('additional-late')).toMatch(/Additional late fee/);
    expect(feeLabel('something-new')).toBe('something-new');
  });
});
