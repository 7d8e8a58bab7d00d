import { Badge } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { outcomeHelp, outcomeLabels, outcomeTones, resultsCsv, type BatchResponse, type Preview, type PreviewRow } from '../../lib/roster';

function Counts({ counts }: { counts: { accepted: number; duplicate: number; pendingLearner: number; rejected: number } }) {
  return (
    <ul className="roster-counts" aria-label="Totals">
      <li><Badge tone="ok">{counts.accepted} accepted</Badge></li>
      <li><Badge tone="info">{counts.duplicate} already recorded</Badge></li>
      <li><Badge tone="warn">{counts.pendingLearner} waiting for the learner</Badge></li>
      <li><Badge tone="bad">{counts.rejected} rejected</Badge></li>
    </ul>
  );
}

/** The parsed rows before anything is sent: each with what sending it would give, and the problem in words. */
export function RosterPreview({ preview }: { preview: Preview }) {
  const problems = preview.rows.filter((r) => r.expected === 'rejected').length;
  return (
    <section className="stack" aria-labelledby="preview-heading">
      <h2 id="preview-heading">Check the rows before sending</h2>
      <p className="muted">
        {preview.rows.length} {preview.rows.length === 1 ? 'row' : 'rows'} read from the {preview.format === 'xlsx' ? 'Excel workbook' : 'CSV file'}.
        {problems > 0 ? ` ${problems} would be rejected: fix them in your file and upload it again, or send the others now.` : ' Nothing would be rejected.'}
      </p>
      <Counts counts={preview} />
      <RowsTable rows={preview.rows} outcomes={preview.rows.map((r) => ({ result: r.expected, code: r.code, message: r.message }))} caption="Rows as read, and what sending them would give" />
    </section>
  );
}

/** What the API recorded, row by row, with a CSV of the same to download. */
export function RosterResults({ rows, response, fileName }: { rows: PreviewRow[]; response: BatchResponse; fileName: string }) {
  const csv = resultsCsv(rows, response);
  const href = `data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`;
  const download = `${fileName.replace(/\.(csv|xlsx|txt)$/i, '')}-results.csv`;
  return (
    <section className="stack" aria-labelledby="results-heading">
      <h2 id="results-heading">Results</h2>
      <div className="banner banner--ok" role="status">
        Sent. {response.accepted} accepted, {response.duplicate} already recorded, {response.pendingLearner} waiting for the learner, {response.rejected} rejected.
      </div>
      <Counts counts={response} />
      <p><a className="button" href={href} download={download}>Download the results (CSV)</a></p>
      <RowsTable rows={rows} outcomes={response.results.map((r) => ({ result: r.result, code: r.code, message: r.message }))} caption="Result of each row" />
    </section>
  );
}

function RowsTable({ rows, outcomes, caption }: { rows: PreviewRow[]; outcomes: { result: PreviewRow['expected']; code: string | null; message: string | null }[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table className="table roster-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">Row</th>
            <th scope="col">externalId</th>
            <th scope="col">Course</th>
            <th scope="col">Learner</th>
            <th scope="col">Completed</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const outcome = outcomes[i];
            return (
              <tr key={row.index} data-outcome={outcome?.result} className={outcome?.result === 'rejected' ? 'roster-row--problem' : undefined}>
                <td data-label="Row" className="num">{row.row}</td>
                <td data-label="externalId" className="mono">{row.externalId ?? '—'}</td>
                <td data-label="Course" className="mono">{row.courseCode ?? '—'}</td>
                <td data-label="Learner">{row.certificationNumber ?? '—'} {row.lastName && <span className="muted">{row.lastName}</span>}</td>
                <td data-label="Completed">{row.completedOn ? formatDate(row.completedOn) : '—'}</td>
                <td data-label="Result">
                  {outcome && <Badge tone={outcomeTones[outcome.result]}>{outcomeLabels[outcome.result]}</Badge>}
                  {outcome && <span className="small block">{outcome.message ?? outcomeHelp(outcome.result)}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
