import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryRouter } from 'react-router';
import { ProviderScope } from './ProviderContext';
import { ProviderUpload } from './ProviderUpload';
import { RosterPreview, RosterResults } from './RosterTables';
import type { Preview } from '../../lib/roster';

const provider = { id: 'p1', name: 'Acme Fitness Academy', contactName: null, contactEmail: 'a@acme.test', approvedFrom: '2026-01-01', approvedUntil: '2027-12-31', suspended: false, suspendedAt: null };

const preview: Preview = {
  format: 'csv', accepted: 1, duplicate: 1, pendingLearner: 0, rejected: 1,
  rows: [
    { index: 0, row: 1, externalId: 'a-1', courseCode: 'KB-101', certificationNumber: 'CPT-500', lastName: 'Rivera', completedOn: '2026-03-02', expected: 'accepted', code: null, message: null },
    { index: 1, row: 2, externalId: 'a-2', courseCode: 'KB-101', certificationNumber: 'CPT-500', lastName: 'Rivera', completedOn: '2026-03-02', expected: 'duplicate', code: 'completion.duplicate', message: 'A completion with this externalId was already recorded; nothing was added.' },
    { index: 2, row: 3, externalId: 'a-3', courseCode: 'KB-101', certificationNumber: 'CPT-500', lastName: 'Rivera', completedOn: null, expected: 'rejected', code: 'record.invalid', message: 'completedOn is not a date; expected YYYY-MM-DD.' },
  ],
};

const batch = {
  accepted: 1, duplicate: 1, pendingLearner: 0, rejected: 1,
  results: preview.rows.map((r) => ({ index: r.index, externalId: r.externalId, result: r.expected, code: r.code, message: r.message, completionId: null })),
};

interface Call { path: string; idempotencyKey: string | null; file: string | undefined; dateFormat: string | undefined }

function stubFetch(answers: Record<string, { status?: number; body: unknown }>) {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', vi.fn(async (input: Request | string, init?: RequestInit) => {
    const path = typeof input === 'string' ? input : new URL(input.url).pathname;
    const headers = new Headers(typeof input === 'string' ? init?.headers : input.headers);
    const body = typeof input === 'string' ? init?.body : undefined;
    calls.push({
      path,
      idempotencyKey: headers.get('Idempotency-Key'),
      file: body instanceof FormData ? (body.get('file') as File).name : undefined,
      dateFormat: body instanceof FormData ? (body.get('dateFormat') as string) : undefined,
    });
    const answer = answers[path] ?? { status: 404, body: { title: 'Not found.' } };
    return new Response(JSON.stringify(answer.body), { status: answer.status ?? 200, headers: { 'content-type': 'application/json' } });
  }));
  return calls;
}

const open = () => render(<MemoryRouter><ProviderScope><ProviderUpload /></ProviderScope></MemoryRouter>);
const csvFile = (name = 'roster.csv', text = 'externalId,courseCode,certificationNumber,lastName,completedOn\na-1,KB-101,CPT-500,Rivera,2026-03-02\n') => new File([text], name, { type: 'text/csv' });

afterEach(() => vi.unstubAllGlobals());

describe('roster preview and results', () => {
  it('shows each row with what sending it would give and the problem in words', () => {
    render(<RosterPreview preview={preview} />);
    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-outcome'))).toEqual(['accepted', 'duplicate', 'rejected']);
    expect(within(rows[2]!).getByText('completedOn is not a date; expected YYYY-MM-DD.')).toBeTruthy();
    expect(within(rows[0]!).getByText('The CEUs are in the learner’s record.')).toBeTruthy();
    expect(screen.getByText(/1 would be rejected/)).toBeTruthy();
  });

  it('offers the results as a CSV named after the file', () => {
    render(<RosterResults rows={preview.rows} response={batch} fileName="march.xlsx" />);
    const link = screen.getByRole('link', { name: 'Download the results (CSV)' });
    expect(link.getAttribute('download')).toBe('march-results.csv');
    const csv = decodeURIComponent(link.getAttribute('href')!.replace('data:text/csv;charset=utf-8,', ''));
    expect(csv.split('\r\n')[3]).toBe('3,a-3,KB-101,CPT-500,Rivera,,Rejected,record.invalid,"completedOn is not a date; expected YYYY-MM-DD."');
  });
});

describe('roster upload', () => {
  it('previews the chosen file, then sends it once with one idempotency key and shows the results', async () => {
    const calls = stubFetch({
      '/api/v1/provider': { body: provider },
      '/api/v1/completions/roster/preview': { body: preview },
      '/api/v1/completions/roster': { body: batch },
    });
    open();
    await userEvent.upload(await screen.findByLabelText('Roster file'), csvFile());
    expect(await screen.findByRole('heading', { name: 'Check the rows before sending' })).toBeTruthy();
    expect(calls.filter((c) => c.path === '/api/v1/completions/roster')).toHaveLength(0);

    await userEvent.click(screen.getByRole('button', { name: 'Send 2 rows' }));
    expect(await screen.findByRole('heading', { name: 'Results' })).toBeTruthy();
    const sent = calls.filter((c) => c.path === '/api/v1/completions/roster');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.file).toBe('roster.csv');
    expect(sent[0]!.idempotencyKey).toMatch(/^portal-/);
  });

  it('refuses a file that is not a roster before sending anything, and shows the API’s word on a missing column', async () => {
    const calls = stubFetch({
      '/api/v1/provider': { body: provider },
      '/api/v1/completions/roster/preview': { status: 400, body: { title: 'One or more validation errors occurred.', errors: { header: ['The header row lacks lastName, completedOn.'] } } },
    });
    open();
    const input = await screen.findByLabelText('Roster file');
    await userEvent.upload(input, new File(['%PDF'], 'certificate.pdf', { type: 'application/pdf' }), { applyAccept: false });
    expect((await screen.findByRole('alert')).textContent).toMatch(/CSV file \(\.csv\) or an Excel workbook/);
    expect(calls.some((c) => c.path.startsWith('/api/v1/completions'))).toBe(false);

    await userEvent.upload(input, csvFile('short.csv', 'externalId,courseCode\nx,KB-101\n'));
    expect((await screen.findByRole('alert')).textContent).toBe('The header row lacks lastName, completedOn.');
    expect(screen.queryByRole('button', { name: /^Send/ })).toBeNull();
  });

  it('reads the chosen file again when the date format changes, and sends it with that format', async () => {
    const calls = stubFetch({
      '/api/v1/provider': { body: provider },
      '/api/v1/completions/roster/preview': { body: preview },
      '/api/v1/completions/roster': { body: batch },
    });
    open();
    await userEvent.upload(await screen.findByLabelText('Roster file'), csvFile('us.csv'));
    await screen.findByRole('button', { name: 'Send 2 rows' });
    await userEvent.selectOptions(screen.getByLabelText('Dates in the file are written as'), 'MM/dd/yyyy');
    await screen.findByRole('button', { name: 'Send 2 rows' });
    await userEvent.click(screen.getByRole('button', { name: 'Send 2 rows' }));
    await screen.findByRole('heading', { name: 'Results' });

    const previews = calls.filter((c) => c.path === '/api/v1/completions/roster/preview');
    const sent = calls.filter((c) => c.path === '/api/v1/completions/roster');
    expect(previews.map((c) => [c.file, c.dateFormat])).toEqual([['us.csv', 'yyyy-MM-dd'], ['us.csv', 'MM/dd/yyyy']]);
    expect(sent.map((c) => c.dateFormat)).toEqual(['MM/dd/yyyy']);
  });

  it('lets a suspended provider check a file but not send it', async () => {
    stubFetch({ '/api/v1/provider': { body: { ...provider, suspended: true } }, '/api/v1/completions/roster/preview': { body: preview } });
    open();
    expect((await screen.findAllByRole('alert'))[0]!.textContent).toMatch(/suspended/);
    await userEvent.upload(screen.getByLabelText('Roster file'), csvFile());
    expect(((await screen.findByRole('button', { name: 'Send 2 rows' })) as HTMLButtonElement).disabled).toBe(true);
  });
});
