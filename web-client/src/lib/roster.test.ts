import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../api/problem';
import { checkRosterFile, fileProblemMessage, maxRosterBytes, resultsCsv, type PreviewRow } from './roster';

const row = (index: number, externalId: string | null, extra: Partial<PreviewRow> = {}): PreviewRow => ({
  index, row: index + 1, externalId, courseCode: 'KB-101', certificationNumber: 'CPT-500', lastName: 'Rivera', completedOn: '2026-03-02',
  expected: 'accepted', code: null, message: null, ...extra,
});

describe('roster files', () => {
  it('refuses before sending what the API would refuse: other types, old .xls, empty, over 2 MB', () => {
    expect(checkRosterFile({ name: 'roster.csv', size: 10 })).toBeUndefined();
    expect(checkRosterFile({ name: 'ROSTER.XLSX', size: maxRosterBytes })).toBeUndefined();
    expect(checkRosterFile({ name: 'roster.xls', size: 10 })).toMatch(/\.xlsx or as CSV/);
    expect(checkRosterFile({ name: 'roster.pdf', size: 10 })).toMatch(/CSV file/);
    expect(checkRosterFile({ name: 'roster.csv', size: 0 })).toMatch(/empty/);
    expect(checkRosterFile({ name: 'roster.csv', size: maxRosterBytes + 1 })).toMatch(/2 MB/);
  });

  it('says what is wrong with the file from the API’s problem, a missing column first', () => {
    const missing = new ApiProblem(400, { title: 'One or more validation errors occurred.', errors: { header: ['The header row lacks lastName.'] } });
    expect(fileProblemMessage(missing)).toBe('The header row lacks lastName.');
    expect(fileProblemMessage(new ApiProblem(415, { detail: 'The file is neither CSV text nor an .xlsx workbook.' }))).toMatch(/neither CSV/);
    expect(fileProblemMessage(new ApiProblem(413, {}))).toMatch(/2 MB/);
  });
});

describe('results as CSV', () => {
  it('has one line per row in the order sent, with the result in words and the reason', () => {
    const rows = [row(0, 'a-1'), row(1, 'a-2', { courseCode: 'ZZ' })];
    const csv = resultsCsv(rows, {
      accepted: 1, duplicate: 0, pendingLearner: 0, rejected: 1,
      results: [
        { index: 0, externalId: 'a-1', result: 'accepted', code: null, message: null, completionId: 'c1' },
        { index: 1, externalId: 'a-2', result: 'rejected', code: 'course.unknown', message: 'This provider has no course ZZ.', completionId: null },
      ],
    });
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('row,externalId,courseCode,certificationNumber,lastName,completedOn,result,code,message');
    expect(lines[1]).toBe('1,a-1,KB-101,CPT-500,Rivera,2026-03-02,Accepted,,');
    expect(lines[2]).toBe('2,a-2,ZZ,CPT-500,Rivera,2026-03-02,Rejected,course.unknown,This provider has no course ZZ.');
  });

  it('quotes separators and quotes, and defuses cells a spreadsheet would run as formulas', () => {
    const csv = resultsCsv([row(0, '=HYPERLINK("x")', { lastName: 'O"Neil, Jr' })], {
      accepted: 0, duplicate: 0, pendingLearner: 0, rejected: 1,
      results: [{ index: 0, externalId: '=HYPERLINK("x")', result: 'rejected', code: 'record.invalid', message: 'completedOn is not a date; expected YYYY-MM-DD.', completionId: null }],
    });
    const line = csv.split('\r\n')[1]!;
    expect(line).toContain(`"'=HYPERLINK(""x"")"`);
    expect(line).toContain('"O""Neil, Jr"');
    expect(line).toContain('"completedOn is not a date; expected YYYY-MM-DD."');
  });
});
