import { CLIENT_HEADER, type Schemas } from '../api/client';
import { ApiProblem } from '../api/problem';

export type PreviewRow = Schemas['RosterPreviewRow'];
export type Preview = Schemas['RosterPreviewResponse'];
export type BatchResponse = Schemas['CompletionBatchResponse'];
export type BatchResult = Schemas['CompletionResult'];
export type Outcome = Schemas['CompletionOutcome'];

/** The API's limit (RosterParser.MaxBytes): checked here too, so that a large file is refused before it is sent. */
export const maxRosterBytes = 2 * 1024 * 1024;

export const outcomeLabels: Record<Outcome, string> = {
  accepted: 'Accepted',
  duplicate: 'Already recorded',
  'pending-learner': 'Waiting for the learner',
  rejected: 'Rejected',
};

export const outcomeTones: Record<Outcome, 'ok' | 'info' | 'warn' | 'bad'> = {
  accepted: 'ok',
  duplicate: 'info',
  'pending-learner': 'warn',
  rejected: 'bad',
};

/** What a row's result means for the person who sent it, in words (the API's message says why in particular). */
export function outcomeHelp(outcome: Outcome): string {
  switch (outcome) {
    case 'accepted':
      return 'The CEUs are in the learner’s record.';
    case 'duplicate':
      return 'A completion with this externalId was already recorded: nothing was added.';
    case 'pending-learner':
      return 'Kept: it is added to the learner’s record as soon as their certification is registered.';
    case 'rejected':
      return 'Not recorded: fix the row in your file and upload it again.';
  }
}

/** A problem with the file itself, found before anything is sent; undefined when it may be sent. */
export function checkRosterFile(file: { name: string; size: number }): string | undefined {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xls')) return 'This is an old Excel .xls workbook: save it as .xlsx or as CSV UTF-8, then upload that.';
  if (!name.endsWith('.csv') && !name.endsWith('.xlsx') && !name.endsWith('.txt'))
    return 'Choose a CSV file (.csv) or an Excel workbook (.xlsx).';
  if (file.size === 0) return 'The file is empty.';
  if (file.size > maxRosterBytes) return 'The file is larger than 2 MB: split the roster into smaller files.';
  return undefined;
}

/** A message for the whole file from the API's problem (a missing column, a file that is not a roster, too large). */
export function fileProblemMessage(problem: ApiProblem): string {
  const field = problem.field('header') ?? problem.field('file') ?? problem.field('dateFormat');
  if (field) return field;
  if (problem.status === 415) return problem.detail ?? 'The file is neither CSV text nor an .xlsx workbook.';
  if (problem.status === 413) return 'The file is larger than 2 MB: split the roster into smaller files.';
  return problem.detail ?? problem.title;
}

function csvField(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  // Quote what a spreadsheet would split or run as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The per-row results with the rows as they were sent, as a CSV to download (one line per row, header first). */
export function resultsCsv(rows: PreviewRow[], response: BatchResponse): string {
  const header = ['row', 'externalId', 'courseCode', 'certificationNumber', 'lastName', 'completedOn', 'result', 'code', 'message'];
  const lines = response.results.map((result) => {
    const row = rows[result.index];
    return [row?.row ?? result.index + 1, result.externalId, row?.courseCode, row?.certificationNumber, row?.lastName, row?.completedOn,
      outcomeLabels[result.result], result.code, result.message].map(csvField).join(',');
  });
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}

/** One key per file chosen: sending it again (a retry, a double click) replays the first answer instead of recording twice. */
export function newIdempotencyKey(): string {
  return `portal-${crypto.randomUUID()}`;
}

/** How text dates are written in a file (the API's dateFormat); ISO 8601 is always understood, nothing is guessed. */
export type RosterDateFormat = 'yyyy-MM-dd' | 'MM/dd/yyyy' | 'dd/MM/yyyy';

export const dateFormatLabels: Record<RosterDateFormat, string> = {
  'yyyy-MM-dd': '2026-03-31 (year first)',
  'MM/dd/yyyy': '03/31/2026 (month first, as in the US)',
  'dd/MM/yyyy': '31/03/2026 (day first)',
};

async function postRoster<T>(path: string, file: File, dateFormat: RosterDateFormat, idempotencyKey?: string): Promise<T> {
  const form = new FormData();
  form.append('file', file, file.name);
  form.append('dateFormat', dateFormat);
  let response: Response;
  try {
    response = await globalThis.fetch(path, {
      method: 'POST',
      body: form,
      credentials: 'include',
      headers: { ...CLIENT_HEADER, Accept: 'application/json', ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}) },
    });
  } catch {
    throw new ApiProblem(0, { detail: 'Check your connection and try again.' });
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (!response.ok) throw new ApiProblem(response.status, body);
  return body as T;
}

export const previewRoster = (file: File, dateFormat: RosterDateFormat) =>
  postRoster<Preview>('/api/v1/completions/roster/preview', file, dateFormat);

/** The partner API's own roster route: the same recorder and idempotency store as a provider's integration. */
export const sendRoster = (file: File, dateFormat: RosterDateFormat, idempotencyKey: string) =>
  postRoster<BatchResponse>('/api/v1/completions/roster', file, dateFormat, idempotencyKey);
