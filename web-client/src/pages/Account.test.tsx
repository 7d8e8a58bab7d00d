import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { demoUser, renderRoute, stubApi } from '../test/helpers';
import { VerifyEmail } from './Account';
import { Claim } from './Claim';

describe('email links', () => {
  it('confirms the address once with the token of the link and names the certifications it brought', async () => {
    const sent = stubApi({
      'GET /api/v1/me': { status: 401 },
      'POST /api/v1/auth/verify-email': { body: { email: 'dana@example.test', linkedCertificationNumbers: ['CPT-7'] } },
    });
    renderRoute('/verify-email?token=abc-123', '/verify-email', <VerifyEmail />);
    expect(await screen.findByRole('heading', { name: 'Email confirmed' })).toBeTruthy();
    expect(screen.getByText('Your account now holds CPT-7.')).toBeTruthy();
    expect(sent.filter((s) => s.method === 'POST')).toEqual([{ method: 'POST', path: '/api/v1/auth/verify-email', body: { token: 'abc-123' } }]);
  });

  it('explains an expired link and sends a new one to the address typed in', async () => {
    const sent = stubApi({
      'GET /api/v1/me': { status: 401 },
      'POST /api/v1/auth/verify-email': { status: 410, body: { title: 'The link can no longer be used.', status: 410, detail: 'This link has expired. Ask for a new one.', code: 'token.expired' } },
      'POST /api/v1/auth/verify-email/resend': { status: 202, body: { message: 'If the address has an account that is not confirmed yet, we sent it a new link.' } },
    });
    renderRoute('/verify-email?token=old', '/verify-email', <VerifyEmail />);
    expect(await screen.findByRole('heading', { name: 'This link can no longer be used' })).toBeTruthy();
    expect(screen.getByText('This link has expired. Ask for a new one.')).toBeTruthy();
    await userEvent.type(screen.getByLabelText('Email'), 'dana@example.test');
    await userEvent.click(screen.getByRole('button', { name: 'Send a new link' }));
    expect((await screen.findByRole('status')).textContent).toContain('we sent it a new link');
    expect(sent.find((s) => s.path === '/api/v1/auth/verify-email/resend')?.body).toEqual({ email: 'dana@example.test' });
  });
});

describe('claim', () => {
  it('tells the claimant to check the email on file instead of opening the certification', async () => {
    stubApi({
      'GET /api/v1/me': { body: { ...demoUser, emailVerified: false, certificationNumbers: [] } },
      'POST /api/v1/me/certifications': { status: 202, body: { message: 'If this number and last name match a certification, we emailed a confirmation link.' } },
    });
    renderRoute('/claim', '/claim', <Claim />);
    expect(await screen.findByText('Confirm your email first.')).toBeTruthy();
    await userEvent.type(screen.getByLabelText('Certification number'), 'cpt-9');
    await userEvent.click(screen.getByRole('button', { name: 'Claim certification' }));
    expect(await screen.findByRole('heading', { name: 'Check your email' })).toBeTruthy();
    expect(screen.getByText('Your claim of CPT-9 is on its way.')).toBeTruthy();
    expect(screen.queryByText('elsewhere')).toBeNull();
  });
});
