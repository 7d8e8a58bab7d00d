import { describe, expect, it } from 'vitest';
import { auditCountdown, reminderDays } from './audit';

describe('audit countdown (organisation calendar dates)', () => {
  it.each([
    ['2026-11-25', '2026-12-25', '30 days left', 'ok', false],
    ['2026-11-25', '2026-12-03', '8 days left', 'ok', false],
    ['2026-11-25', '2026-12-02', '7 days left', 'warn', false],
    ['2026-11-25', '2026-11-26', '1 day left', 'warn', false],
    ['2026-11-25', '2026-11-25', 'Due today', 'bad', false],
    ['2026-11-26', '2026-11-25', 'Overdue', 'bad', true],
  ] as const)('today %s, due %s → %s', (today, dueOn, label, tone, overdue) => {
    expect(auditCountdown(today, dueOn)).toEqual({ label, tone, overdue });
  });

  it('turns amber exactly when the reminder email goes out', () => {
    expect(reminderDays).toBe(7);
    expect(auditCountdown('2026-01-01', '2026-01-08').tone).toBe('warn');
    expect(auditCountdown('2026-01-01', '2026-01-09').tone).toBe('ok');
  });

  it('counts calendar days across a daylight-saving change and a month end', () => {
    expect(auditCountdown('2026-10-31', '2026-11-02').label).toBe('2 days left');
    expect(auditCountdown('2027-02-27', '2027-03-01').label).toBe('2 days left');
  });
});
