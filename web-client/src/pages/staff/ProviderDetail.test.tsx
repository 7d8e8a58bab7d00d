import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderRoute, stubApi } from '../../test/helpers';
import { StaffProviderDetail } from './ProviderDetail';

const staffUser = { id: 'x', email: 'staff@recert.local', firstName: 'S', lastName: 'T', role: 'staff', certificationNumbers: [] };
const id = '11111111-1111-1111-1111-111111111111';
const provider = {
  id, name: 'Acme Fitness Academy', contactName: 'Pat Lee', contactEmail: 'partners@acme.example',
  approvedFrom: '2000-01-01', approvedUntil: '2999-12-31', suspended: false, suspendedAt: null,
};
const kb = { id: 'c1', code: 'KB-101', title: 'Kettlebell Fundamentals', ceus: 0.8, area: 'exercise-technique', approvedFrom: '2000-01-01', approvedUntil: '2999-12-31', activityId: null };
const issued = { id: 'k1', name: 'production', prefix: 'pmi6u3gm8uzm', key: 'rcp_pmi6u3gm8uzm_SECRETSECRETSECRET', createdAt: '2026-11-25T18:00:00Z' };

function stub(extra: Parameters<typeof stubApi>[0] = {}) {
  return stubApi({
    'GET /api/v1/me': { body: staffUser },
    'GET /api/v1/staff/providers': { body: { items: [provider], page: 1, pageSize: 200, total: 1 } },
    [`GET /api/v1/staff/providers/${id}`]: { body: provider },
    [`GET /api/v1/staff/providers/${id}/history`]: { body: [] },
    [`GET /api/v1/staff/providers/${id}/courses`]: { body: [kb] },
    [`GET /api/v1/staff/providers/${id}/keys`]: { body: [] },
    ...extra,
  });
}

const open = () => renderRoute(`/staff/providers/${id}`, '/staff/providers/:id', <StaffProviderDetail />);

afterEach(() => vi.unstubAllGlobals());

describe('provider detail', () => {
  it('loads the provider by its id when opened directly', async () => {
    stub();
    open();
    expect(await screen.findByRole('heading', { name: 'Acme Fitness Academy' })).toBeTruthy();
    expect(screen.getByText('Kettlebell Fundamentals')).toBeTruthy();
  });

  it('shows the form’s own errors next to their fields without calling the API', async () => {
    const sent = stub();
    open();
    await screen.findByRole('heading', { name: 'Acme Fitness Academy' });
    await userEvent.type(screen.getByLabelText('CEUs', { exact: false, selector: 'input' }), '0.125');
    await userEvent.click(screen.getByRole('button', { name: 'Add course' }));
    expect(document.getElementById('course-code-error')?.textContent).toBe('Enter the provider’s course code.');
    expect(document.getElementById('course-ceus-error')?.textContent).toMatch(/at most two decimals/);
    expect(document.getElementById('course-area-error')?.textContent).toBe('Choose the content area.');
    expect(document.getElementById('course-ceus')?.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('course-ceus')?.getAttribute('aria-describedby')).toContain('course-ceus-error');
    expect(sent.some((s) => s.method === 'POST')).toBe(false);
  });

  async function fillCourse() {
    await userEvent.type(screen.getByLabelText('Code', { exact: false, selector: 'input' }), 'kb-101');
    await userEvent.type(screen.getByLabelText('CEUs', { exact: false, selector: 'input' }), '0.8');
    await userEvent.type(screen.getByLabelText('Title'), 'Kettlebells again');
    await userEvent.selectOptions(screen.getByLabelText('Area'), 'nutrition');
    await userEvent.type(screen.getByLabelText('Approved from'), '2026-01-01');
    await userEvent.type(screen.getByLabelText('Approved until'), '2026-12-31');
  }

  it('shows the API’s 409 (code already used) next to the code and its 400 errors next to their fields', async () => {
    let answer = { status: 409, body: { title: 'Conflict', detail: 'This provider already has a course KB-101 (or one with this activityId).', code: 'course.exists' } };
    const sent = stub({ [`POST /api/v1/staff/providers/${id}/courses`]: () => answer });
    open();
    await screen.findByRole('heading', { name: 'Acme Fitness Academy' });
    await fillCourse();
    await userEvent.click(screen.getByRole('button', { name: 'Add course' }));
    expect((await screen.findByText(/already has a course KB-101/)).id).toBe('course-code-error');
    expect(sent.find((s) => s.method === 'POST')?.body).toEqual({
      code: 'kb-101', title: 'Kettlebells again', ceus: 0.8, area: 'nutrition', approvedFrom: '2026-01-01', approvedUntil: '2026-12-31', activityId: null,
    });

    answer = { status: 400, body: { title: 'The request is not valid.', errors: { approvedUntil: ['approvedUntil must be on or after approvedFrom.'] } } } as never;
    await userEvent.click(screen.getByRole('button', { name: 'Add course' }));
    expect((await screen.findByText('approvedUntil must be on or after approvedFrom.')).id).toBe('course-approvedUntil-error');
    expect(document.getElementById('course-code-error')?.textContent).toBe('');
  });

  it('adds the created course to the list', async () => {
    stub({ [`POST /api/v1/staff/providers/${id}/courses`]: { status: 201, body: { ...kb, id: 'c2', code: 'KB-102', title: 'Kettlebells again', area: 'nutrition' } } });
    open();
    await screen.findByRole('heading', { name: 'Acme Fitness Academy' });
    await fillCourse();
    await userEvent.click(screen.getByRole('button', { name: 'Add course' }));
    expect(await screen.findByText('KB-102 Kettlebells again added.')).toBeTruthy();
    expect(screen.getAllByText('Kettlebells again').length).toBeGreaterThan(0);
  });

  it('shows an issued key once, copies it, and afterwards lists only its prefix', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const sent = stub({ [`POST /api/v1/staff/providers/${id}/keys`]: { status: 201, body: issued } });
    open();
    await screen.findByRole('heading', { name: 'Acme Fitness Academy' });
    await userEvent.type(screen.getByLabelText('Key name'), 'production');
    await userEvent.click(screen.getByRole('button', { name: 'Issue key' }));

    const dialog = await screen.findByRole('dialog', { name: 'API key for Acme Fitness Academy' });
    expect(within(dialog).getByText('Copy this key now: it will not be shown again.')).toBeTruthy();
    expect((within(dialog).getByTestId('issued-key') as HTMLInputElement).value).toBe(issued.key);
    expect(sent.find((s) => s.method === 'POST')?.body).toEqual({ name: 'production' });

    await userEvent.click(within(dialog).getByRole('button', { name: 'Copy key' }));
    expect(writeText).toHaveBeenCalledWith(issued.key);
    expect(within(dialog).getByRole('status').textContent).toBe('Copied to the clipboard.');

    await userEvent.click(within(dialog).getByRole('button', { name: 'I have stored the key' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.body.innerHTML).not.toContain(issued.key);
    expect(screen.getByText('pmi6u3gm8uzm…')).toBeTruthy();
  });

  it('selects the key and says how to copy it when the clipboard is refused; Escape closes', async () => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: vi.fn(async () => { throw new Error('denied'); }) }, configurable: true });
    stub({ [`POST /api/v1/staff/providers/${id}/keys`]: { status: 201, body: issued } });
    open();
    await screen.findByRole('heading', { name: 'Acme Fitness Academy' });
    await userEvent.click(screen.getByRole('button', { name: 'Issue key' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Copy key' }));
    expect(within(dialog).getByRole('status').textContent).toMatch(/press Ctrl\+C/);
    await act(async () => {
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('revokes a key after confirmation', async () => {
    const key = { id: 'k1', name: 'production', prefix: 'pmi6u3gm8uzm', createdAt: '2026-11-25T18:00:00Z', revokedAt: null };
    const sent = stub({
      [`GET /api/v1/staff/providers/${id}/keys`]: { body: [key] },
      [`DELETE /api/v1/staff/providers/${id}/keys/k1`]: { body: { ...key, revokedAt: '2026-11-26T18:00:00Z' } },
    });
    open();
    await userEvent.click(await screen.findByRole('button', { name: 'Revoke production (pmi6u3gm8uzm)' }));
    expect(sent.some((s) => s.method === 'DELETE')).toBe(false);
    await userEvent.click(screen.getByRole('button', { name: 'Revoke now' }));
    expect(await screen.findByText('Revoked')).toBeTruthy();
    expect(sent.filter((s) => s.method === 'DELETE')).toHaveLength(1);
  });

  it('suspends only after confirmation and shows the answer', async () => {
    stub({ [`POST /api/v1/staff/providers/${id}/suspend`]: { body: { ...provider, suspended: true, suspendedAt: '2026-11-25T18:00:00Z' } } });
    open();
    await userEvent.click(await screen.findByRole('button', { name: 'Suspend…' }));
    await userEvent.click(screen.getByRole('button', { name: 'Suspend now' }));
    expect(await screen.findByText('Suspended')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Reinstate' })).toBeTruthy();
  });

  it('edits a course without its code, then shows the change in the history', async () => {
    let history: unknown[] = [];
    const sent = stub({
      [`PUT /api/v1/staff/providers/${id}/courses/c1`]: (request) => {
        history = [{ id: 1, courseId: 'c1', courseCode: 'KB-101', changedBy: 'Sam Staff', changedAt: '2026-11-25T18:00:00Z', changes: [{ field: 'ceus', before: '0.80', after: '1.00' }] }];
        return { body: { ...kb, ...(request.body as object) } };
      },
      [`GET /api/v1/staff/providers/${id}/history`]: () => ({ body: history }),
    });
    open();
    await screen.findByText('No edits yet.');
    await userEvent.click(screen.getByRole('button', { name: 'Edit KB-101' }));
    const form = screen.getByRole('form', { name: 'Edit course KB-101' });
    const ceus = within(form).getByLabelText('CEUs');
    await userEvent.clear(ceus);
    await userEvent.type(ceus, '1');
    await userEvent.click(within(form).getByRole('button', { name: 'Save KB-101' }));
    expect(await screen.findByText('KB-101 saved.')).toBeTruthy();
    const put = sent.find((s) => s.method === 'PUT')!;
    expect(put.body).toEqual({ title: 'Kettlebell Fundamentals', ceus: 1, area: 'exercise-technique', approvedFrom: '2000-01-01', approvedUntil: '2999-12-31', activityId: null });
    const changes = await screen.findByRole('list', { name: 'Changes, newest first' });
    expect(changes.textContent).toContain('Course KB-101');
    expect(changes.textContent).toContain('Sam Staff');
    expect(changes.textContent).toMatch(/CEUs: 0\.80 → 1\.00/);
  });

  it('shows a name conflict next to the name and keeps the form open', async () => {
    stub({ [`PUT /api/v1/staff/providers/${id}`]: { status: 409, body: { title: 'Conflict', status: 409, code: 'provider.exists', detail: "A provider named 'Beta' already exists." } } });
    open();
    await screen.findByRole('heading', { name: 'Acme Fitness Academy' });
    await userEvent.click(screen.getByRole('button', { name: 'Edit provider' }));
    const name = screen.getByLabelText('Name');
    await userEvent.clear(name);
    await userEvent.type(name, 'Beta');
    await userEvent.click(screen.getByRole('button', { name: 'Save provider' }));
    expect((await screen.findByText("A provider named 'Beta' already exists.")).id).toBe('provider-edit-name-error');
    expect(name.getAttribute('aria-invalid')).toBe('true');
  });
});
