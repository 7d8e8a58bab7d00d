import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderRoute, stubApi } from '../test/helpers';
import { SignIn } from './SignIn';

describe('sign in', () => {
  it('shows validation messages next to the fields they name', async () => {
    stubApi({
      'GET /api/v1/me': { status: 401, body: { title: 'Unauthorized', status: 401 } },
      'POST /api/v1/auth/login': { status: 400, body: { title: 'The request is not valid.', status: 400, errors: { email: ["'Email' is not a valid email address."] } } },
    });
    renderRoute('/sign-in', '/sign-in', <SignIn />);
    await userEvent.type(await screen.findByLabelText('Email'), 'not-an-email');
    await userEvent.type(screen.getByLabelText('Password'), 'whatever-password');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    const email = screen.getByLabelText('Email');
    expect(await screen.findByText("'Email' is not a valid email address.")).toHaveProperty('id', 'email-error');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(email.getAttribute('aria-describedby')).toBe('email-error');
    expect(screen.getByLabelText('Password').getAttribute('aria-invalid')).toBe('false');

    // Fixing the field clears its error at once, before the next submit.
    await userEvent.type(email, 'x');
    expect(screen.queryByText("'Email' is not a valid email address.")).toBeNull();
    expect(email.getAttribute('aria-invalid')).toBe('false');
  });

  it('shows a failed sign-in with its detail and sends the credentials', async () => {
    const sent = stubApi({
      'GET /api/v1/me': { status: 401 },
      'POST /api/v1/auth/login': { status: 401, body: { title: 'Sign-in failed.', status: 401, detail: 'The email or password is wrong.' } },
    });
    renderRoute('/sign-in', '/sign-in', <SignIn />);
    await userEvent.type(await screen.findByLabelText('Email'), 'demo@recert.local');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong-password');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Sign-in failed.');
    expect(alert.textContent).toContain('The email or password is wrong.');
    expect(sent.find((s) => s.method === 'POST')?.body).toEqual({ email: 'demo@recert.local', password: 'wrong-password' });
  });
});
