import { describe, expect, it } from 'vitest';
import { petitionDraftErrors, requestedCeus } from './petition';

const complete = { title: 'Mobility Summit', providerName: 'Mobility Co', area: 'assessment', contactHours: '8', completedOn: '2026-11-01', documentId: 'd1' };

describe('petition draft', () => {
  it('needs nothing more when complete', () => {
    expect(petitionDraftErrors(complete)).toEqual({});
  });

  it('names every missing field', () => {
    expect(Object.keys(petitionDraftErrors({ title: ' ', providerName: '', area: '', contactHours: '', completedOn: '', documentId: undefined })).sort())
      .toEqual(['area', 'completedOn', 'contactHours', 'documentId', 'providerName', 'title']);
  });

  it.each(['0', '-2', '7.25', 'eight', '1e2'])('refuses %s contact hours', (hours) => {
    expect(petitionDraftErrors({ ...complete, contactHours: hours }).contactHours).toBeDefined();
  });

  it.each([['8', '0.8'], ['10', '1.0'], ['7.5', '0.75'], ['12.3', '1.23'], ['0.5', '0.05']])('%s contact hours request %s CEU', (hours, ceus) => {
    expect(requestedCeus(hours)).toBe(ceus);
  });
});
