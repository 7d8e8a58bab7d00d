import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './returnTo';
import { pageTitle } from './pageTitles';

const origin = 'https://recert.example';

describe('the return path after signing in', () => {
  it('keeps a path of this site with its query and fragment', () => {
    expect(safeReturnPath('/certifications/CPT-1/audit', origin)).toBe('/certifications/CPT-1/audit');
    expect(safeReturnPath('/confirm-claim?token=abc#x', origin)).toBe('/confirm-claim?token=abc#x');
  });

  it.each([
    'https://evil.example/',
    '//evil.example/path',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    '/\t/evil.example',
    'certifications/CPT-1',
    '',
    '/sign-in',
    '/sign-in/mfa',
  ])('drops %j', (candidate) => {
    expect(safeReturnPath(candidate, origin)).toBeUndefined();
  });

  it('drops what is not a string', () => {
    expect(safeReturnPath({ pathname: '/x' }, origin)).toBeUndefined();
    expect(safeReturnPath(undefined, origin)).toBeUndefined();
  });
});

describe('page titles', () => {
  it('names each page, most specific first', () => {
    expect(pageTitle('/certifications/CPT-1')).toBe('Dashboard — Recert');
    expect(pageTitle('/certifications/CPT-1/transcript')).toBe('Transcript — Recert');
    expect(pageTitle('/certifications/CPT-1/petitions/new')).toBe('New petition — Recert');
    expect(pageTitle('/staff/providers/abc')).toBe('Provider — Recert');
    expect(pageTitle('/notifications')).toBe('Notifications — Recert');
    expect(pageTitle('/no/such/page')).toBe('Page not found — Recert');
  });
});
