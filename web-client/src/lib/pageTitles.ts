import { matchPath } from 'react-router';
import { useEffect } from 'react';

/** Every page's own document title, most specific pattern first; unknown paths fall back to "Recert". */
const titles: [pattern: string, title: string][] = [
  ['/', 'Home'],
  ['/sign-in', 'Sign in'],
  ['/sign-in/mfa', 'Sign-in code'],
  ['/sign-in/mfa/enrol', 'Set up sign-in codes'],
  ['/sign-up', 'Create an account'],
  ['/forgot-password', 'Forgot password'],
  ['/reset-password', 'Choose a new password'],
  ['/account', 'Account'],
  ['/help', 'Help'],
  ['/providers', 'Approved providers'],
  ['/verify', 'Verify a certification'],
  ['/verify/c/:token', 'Verify a certification'],
  ['/claim', 'Claim a certification'],
  ['/check-email', 'Check your email'],
  ['/verify-email', 'Confirm your email'],
  ['/confirm-claim', 'Confirm your certification'],
  ['/notifications', 'Notifications'],
  ['/certifications/:number', 'Dashboard'],
  ['/certifications/:number/transcript', 'Transcript'],
  ['/certifications/:number/ceus/new', 'Add CEUs'],
  ['/certifications/:number/ceus/:id/edit', 'Edit a CEU'],
  ['/certifications/:number/cpr-aed', 'CPR/AED'],
  ['/certifications/:number/what-if', 'What if'],
  ['/certifications/:number/renew', 'Renew'],
  ['/certifications/:number/petitions', 'Petitions'],
  ['/certifications/:number/petitions/new', 'New petition'],
  ['/certifications/:number/cart', 'Payments'],
  ['/certifications/:number/receipts', 'Receipts'],
  ['/certifications/:number/receipts/:id', 'Receipt'],
  ['/certifications/:number/audit', 'Audit'],
  ['/staff', 'Look up'],
  ['/staff/certifications/:number', 'Certification'],
  ['/staff/certifications/:number/history', 'History'],
  ['/staff/queues', 'Queues'],
  ['/staff/petitions', 'Petitions to review'],
  ['/staff/audits', 'Audits'],
  ['/staff/applications', 'Applications'],
  ['/staff/refunds', 'Refunds'],
  ['/staff/register', 'Register a certification'],
  ['/staff/claims', 'Claims'],
  ['/staff/fees', 'Fee schedule'],
  ['/staff/settings', 'Audit rate & issuers'],
  ['/staff/providers', 'Providers'],
  ['/staff/providers/:id', 'Provider'],
  ['/staff/applications/:id', 'Application'],
  ['/staff/staff-members', 'Staff'],
  ['/accept-invitation', 'Accept your invitation'],
  ['/provider', 'Courses'],
  ['/provider/upload', 'Upload a roster'],
  ['/provider/completions', 'Completions'],
  ['/provider/keys', 'API keys'],
  ['/provider/webhooks', 'Webhooks'],
  ['/provider/learners', 'Learner check'],
];

export const SITE = 'Recert';

export function pageTitle(pathname: string): string {
  const match = titles.find(([pattern]) => matchPath({ path: pattern, end: true }, pathname));
  return match ? `${match[1]} — ${SITE}` : pathname === '/' ? SITE : `Page not found — ${SITE}`;
}

/** Sets document.title for the page on screen (Layout calls it on every navigation). */
export function usePageTitle(pathname: string) {
  useEffect(() => {
    document.title = pageTitle(pathname);
  }, [pathname]);
}
