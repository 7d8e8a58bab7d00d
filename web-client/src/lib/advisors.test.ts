import { describe, expect, it } from 'vitest';
import { advisorAvailability } from './advisors';

// 2026-01-05 is a Monday in winter (PST, UTC-8); 2026-07-06 is a Monday in summer (PDT, UTC-7).
const winter = (day: number, time: string) => new Date(`2026-01-${String(5 + day).padStart(2, '0')}T${time}-08:00`);
const summer = (day: number, time: string) => new Date(`2026-07-${String(6 + day).padStart(2, '0')}T${time}-07:00`);

describe('advisor availability (Pacific time)', () => {
  it.each([
    ['Mon 04:59', winter(0, '04:59'), false],
    ['Mon 05:00', winter(0, '05:00'), true],
    ['Mon 17:59', winter(0, '17:59'), true],
    ['Mon 18:00', winter(0, '18:00'), false],
    ['Thu 17:59', winter(3, '17:59'), true],
    ['Fri 04:59', winter(4, '04:59'), false],
    ['Fri 05:00', winter(4, '05:00'), true],
    ['Fri 16:59', winter(4, '16:59'), true],
    ['Fri 17:00', winter(4, '17:00'), false],
    ['Sat 06:59', winter(5, '06:59'), false],
    ['Sat 07:00', winter(5, '07:00'), true],
    ['Sat 15:59', winter(5, '15:59'), true],
    ['Sat 16:00', winter(5, '16:00'), false],
    ['Sun 07:00', winter(6, '07:00'), true],
    ['Sun 16:00', winter(6, '16:00'), false],
    ['Mon 00:00', winter(0, '00:00'), false],
  ])('winter %s → open %s', (_label, at, open) => {
    expect(advisorAvailability(at).open).toBe(open);
  });

  it.each([
    ['Mon 04:59 PDT', summer(0, '04:59'), false],
    ['Mon 05:00 PDT', summer(0, '05:00'), true],
    ['Fri 17:00 PDT', summer(4, '17:00'), false],
    ['Sun 15:59 PDT', summer(6, '15:59'), true],
  ])('summer %s → open %s', (_label, at, open) => {
    expect(advisorAvailability(at).open).toBe(open);
  });

  it('judges on the Pacific clock whatever the instant looks like in UTC', () => {
    // 2026-01-06 01:30 UTC is Monday 17:30 in Los Angeles (open), though Tuesday in UTC.
    expect(advisorAvailability(new Date('2026-01-06T01:30:00Z')).open).toBe(true);
    // 2026-01-06 02:00 UTC is Monday 18:00 in Los Angeles (closed).
    expect(advisorAvailability(new Date('2026-01-06T02:00:00Z')).open).toBe(false);
  });

  it('says when advisors open next', () => {
    expect(advisorAvailability(winter(0, '04:00')).summary).toBe('Closed now — opens today at 5 am Pacific time');
    expect(advisorAvailability(winter(4, '17:30')).summary).toBe('Closed now — opens tomorrow (Sat) at 7 am Pacific time');
    expect(advisorAvailability(winter(6, '20:00')).summary).toBe('Closed now — opens tomorrow (Mon) at 5 am Pacific time');
    expect(advisorAvailability(winter(2, '09:00')).summary).toBe('Available now, until 6 pm Pacific time');
  });
});
