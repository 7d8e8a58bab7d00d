import { describe, expect, it } from 'vitest';
import { checkCourse, checkProvider, deliveryStateLabel, organisationToday, parseCeus } from './providers';

const course = { code: 'KB-101', title: 'Kettlebell Fundamentals', ceus: '0.8', area: 'exercise-technique', approvedFrom: '2026-01-01', approvedUntil: '2027-12-31', activityId: '' };

describe('course form', () => {
  it.each([
    ['0.8', 0.8],
    ['.05', 0.05],
    ['100', 100],
    ['1.25', 1.25],
  ])('reads %s CEUs', (text, value) => expect(parseCeus(text)).toBe(value));

  it.each(['0', '0.00', '0.125', '100.01', '-1', 'abc', '', '1,5'])('refuses %s CEUs', (text) => expect(parseCeus(text)).toBeNull());

  it('sends a trimmed body with a null activity id when none is given', () => {
    expect(checkCourse({ ...course, code: ' KB-101 ', title: ' Kettlebell Fundamentals ' })).toEqual({
      errors: {},
      body: { code: 'KB-101', title: 'Kettlebell Fundamentals', ceus: 0.8, area: 'exercise-technique', approvedFrom: '2026-01-01', approvedUntil: '2027-12-31', activityId: null },
    });
  });

  it('names every field that is missing or wrong', () => {
    const checked = checkCourse({ code: 'KB 101', title: '', ceus: '0.125', area: '', approvedFrom: '2027-01-01', approvedUntil: '2026-12-31', activityId: 'not an iri' });
    expect(checked.body).toBeUndefined();
    expect(Object.keys(checked.errors).sort()).toEqual(['activityId', 'approvedUntil', 'area', 'ceus', 'code', 'title']);
    expect(checked.errors.approvedUntil).toMatch(/on or after/);
  });

  it('accepts a period of one day', () => {
    expect(checkCourse({ ...course, approvedFrom: '2026-05-05', approvedUntil: '2026-05-05' }).errors).toEqual({});
  });
});

describe('provider form', () => {
  it('sends a null contact name when it is left empty', () => {
    expect(checkProvider({ name: 'Acme', contactName: ' ', contactEmail: 'a@b.example', approvedFrom: '2026-01-01', approvedUntil: '2026-12-31' }).body)
      .toEqual({ name: 'Acme', contactName: null, contactEmail: 'a@b.example', approvedFrom: '2026-01-01', approvedUntil: '2026-12-31' });
  });

  it('asks for the name, an email and both dates', () => {
    expect(Object.keys(checkProvider({ name: '', contactName: '', contactEmail: 'nope', approvedFrom: '', approvedUntil: '' }).errors).sort())
      .toEqual(['approvedFrom', 'approvedUntil', 'contactEmail', 'name']);
  });
});

it('today is judged in the organisation’s zone, not the browser’s', () => {
  // 03:00 UTC on 1 March is still 28 February in Los Angeles.
  expect(organisationToday(new Date('2026-03-01T03:00:00Z'))).toBe('2026-02-28');
  expect(organisationToday(new Date('2026-03-01T09:00:00Z'))).toBe('2026-03-01');
});

describe('webhook delivery state', () => {
  const time = (iso: string) => `<${iso}>`;
  it('names a delivery being retried with its next attempt', () => {
    expect(deliveryStateLabel({ state: 'pending', attempts: 6, nextAttemptAt: '2026-12-08T01:00:00Z' }, time)).toBe('Retrying at <2026-12-08T01:00:00Z> (6 attempts so far)');
    expect(deliveryStateLabel({ state: 'pending', attempts: 1, nextAttemptAt: null }, time)).toBe('Retrying (1 attempt so far)');
  });
  it('tells a queued delivery from a retried one, and says when it is over', () => {
    expect(deliveryStateLabel({ state: 'pending', attempts: 0, nextAttemptAt: '2026-12-08T01:00:00Z' }, time)).toBe('Queued');
    expect(deliveryStateLabel({ state: 'succeeded', attempts: 1, nextAttemptAt: null }, time)).toBe('Delivered (1 attempt)');
    expect(deliveryStateLabel({ state: 'failed', attempts: 8, nextAttemptAt: null }, time)).toBe('Failed, not retried (8 attempts)');
  });
});
