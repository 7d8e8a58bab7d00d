import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderRoute, stubApi } from '../test/helpers';
import { VerifyLinkPage, VerifyPage } from './Verify';

const answer = { holderName: 'Dana Rivera', credential: 'Certified Personal Trainer (CPT)', status: 'lapsed', validThrough: '2025-03-31', forLife: false };

describe('public verification', () => {
  it('looks up by number and last name and shows the status in words', async () => {
    const sent = stubApi({ 'GET /api/v1/me': { status: 401 }, 'GET /api/v1/verify': { body: answer } });
    renderRoute('/verify', '/verify', <VerifyPage />);
    await userEvent.type(await screen.findByLabelText('Certification number'), ' CPT-1 ');
    await userEvent.type(screen.getByLabelText("Holder's last name"), 'Rivera');
    await userEvent.click(screen.getByRole('button', { name: 'Verify' }));

    expect((await screen.findByTestId('verification-status')).textContent).toBe('Lapsed');
    expect(screen.getByText(/does not prove current certification/)).toBeTruthy();
    expect(sent.find((s) => s.path.startsWith('/api/v1/verify'))?.path).toBe('/api/v1/verify?number=CPT-1&lastName=Rivera');
  });

  it('says once, in words, that nothing matches a number and last name', async () => {
    stubApi({
      'GET /api/v1/me': { status: 401 },
      'GET /api/v1/verify': { status: 404, body: { title: 'Not found.', status: 404, detail: 'No certification matches these details.' } },
    });
    renderRoute('/verify', '/verify', <VerifyPage />);
    await userEvent.type(await screen.findByLabelText('Certification number'), 'CPT-1');
    await userEvent.type(screen.getByLabelText("Holder's last name"), 'Rivers');
    await userEvent.click(screen.getByRole('button', { name: 'Verify' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('No certification matches this number and last name.Check both, or ask the holder for their verification link.');
  });

  it('says a link is not valid when the API does not know it', async () => {
    stubApi({ 'GET /api/v1/me': { status: 401 } });
    renderRoute('/verify/c/old-token', '/verify/c/:token', <VerifyLinkPage />);
    expect((await screen.findByTestId('verification-not-found')).textContent).toMatch(/not valid/);
  });
});
