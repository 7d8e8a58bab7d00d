import { describe, expect, it } from 'vitest';
import { actionForUnmet } from './unmet';

describe('what to do about an unmet rule', () => {
  it.each([
    ['ceu.short', 'Add CEUs', '/certifications/CPT-1/ceus/new'],
    ['cpr.missing', 'Add CPR/AED card', '/certifications/CPT-1/cpr-aed'],
    ['cpr.expired', 'Add CPR/AED card', '/certifications/CPT-1/cpr-aed'],
    ['aed.no-hands-on', 'Add CPR/AED card', '/certifications/CPT-1/cpr-aed'],
    ['aed.copies-missing', 'Add CPR/AED card', '/certifications/CPT-1/cpr-aed'],
    ['window.closed', 'Contact the department', '/help'],
    ['ceu.completion-window-closed', 'Contact the department', '/help'],
    ['something.new', 'Get help', '/help'],
  ])('%s → %s', (code, label, to) => {
    expect(actionForUnmet(code, 'CPT-1')).toEqual({ label, to });
  });

  it('escapes the certification number in the link', () => {
    expect(actionForUnmet('ceu.short', 'A/B 1').to).toBe('/certifications/A%2FB%201/ceus/new');
  });
});
