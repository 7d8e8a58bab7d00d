import { useId, useRef, useState, type DragEvent } from 'react';
import { useTouchScreen } from '../../lib/useTouchScreen';
import { ApiProblem } from '../../api/problem';
import { Field, PageHeader, ProblemBanner } from '../../components/ui';
import {
  checkRosterFile, dateFormatLabels, fileProblemMessage, newIdempotencyKey, previewRoster, sendRoster,
  type BatchResponse, type Preview, type RosterDateFormat,
} from '../../lib/roster';
import { useProvider } from './ProviderContext';
import { RosterPreview, RosterResults } from './RosterTables';

interface Chosen {
  file: File;
  dateFormat: RosterDateFormat;
  key: string;
  preview: Preview;
}

/**
 * Roster upload: the file is read by the API's preview (the same parser and rules as the recording, nothing stored),
 * then sent to the partner API's roster route with one Idempotency-Key per chosen file and date format, so a retry
 * never records twice. Changing the date format reads the file again.
 */
export function ProviderUpload() {
  const provider = useProvider();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const touch = useTouchScreen();
  const [busy, setBusy] = useState<'reading' | 'sending'>();
  const [fileError, setFileError] = useState<string>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [chosen, setChosen] = useState<Chosen>();
  const [result, setResult] = useState<BatchResponse>();
  const [dateFormat, setDateFormat] = useState<RosterDateFormat>('yyyy-MM-dd');

  async function take(file: File | undefined, format = dateFormat) {
    if (!file) return;
    setFileError(undefined);
    setProblem(undefined);
    setChosen(undefined);
    setResult(undefined);
    const local = checkRosterFile(file);
    if (local) {
      setFileError(local);
      return;
    }
    setBusy('reading');
    try {
      setChosen({ file, dateFormat: format, key: newIdempotencyKey(), preview: await previewRoster(file, format) });
    } catch (cause) {
      const apiProblem = cause instanceof ApiProblem ? cause : new ApiProblem(0, {});
      if (apiProblem.status === 0 || apiProblem.status >= 500) setProblem(apiProblem);
      else setFileError(fileProblemMessage(apiProblem));
    } finally {
      setBusy(undefined);
      if (input.current) input.current.value = '';
    }
  }

  async function send() {
    if (!chosen) return;
    setBusy('sending');
    setProblem(undefined);
    try {
      setResult(await sendRoster(chosen.file, chosen.dateFormat, chosen.key));
    } catch (cause) {
      setProblem(cause instanceof ApiProblem ? cause : new ApiProblem(0, {}));
    } finally {
      setBusy(undefined);
    }
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    void take(event.dataTransfer.files[0]);
  }

  function chooseDateFormat(format: RosterDateFormat) {
    setDateFormat(format);
    if (chosen && !result) void take(chosen.file, format);
  }

  const sendable = chosen && chosen.preview.rows.some((r) => r.expected !== 'rejected');
  return (
    <div className="stack">
      <PageHeader title="Upload a roster" subtitle="A CSV or Excel (.xlsx) file with the columns externalId, courseCode, certificationNumber, lastName and completedOn, one row per learner." />
      <details className="card column-guide">
        <summary>What goes in each column</summary>
        <dl>
          <dt>externalId</dt>
          <dd>Your own reference for this completion, different on every row (the number of the certificate of completion, say). A row sent again with the same one is recognised and not counted twice.</dd>
          <dt>courseCode</dt>
          <dd>The code of the approved course, as on your Courses page.</dd>
          <dt>certificationNumber</dt>
          <dd>The learner’s certification number, such as CPT-100001.</dd>
          <dt>lastName</dt>
          <dd>The learner’s last name as on their certification; it must match the number.</dd>
          <dt>completedOn</dt>
          <dd>The day the learner completed the course, written as chosen below (in Excel, a date cell works too).</dd>
        </dl>
      </details>
      <Field id={`${id}-dates`} label="Dates in the file are written as" hint="Year-first dates (2026-03-31) are understood whatever you choose; nothing else is guessed.">
        <select id={`${id}-dates`} value={dateFormat} disabled={busy !== undefined} aria-describedby={`${id}-dates-hint`}
          onChange={(event) => chooseDateFormat(event.target.value as RosterDateFormat)}>
          {(Object.keys(dateFormatLabels) as RosterDateFormat[]).map((format) => <option key={format} value={format}>{dateFormatLabels[format]}</option>)}
        </select>
      </Field>
      {provider.suspended && (
        <div className="banner banner--warn" role="alert">
          {provider.name} is suspended: you can check a file, but nothing can be sent until the certification body reinstates it.
        </div>
      )}
      <div className={`drop${dragging ? ' drop--over' : ''}${fileError ? ' drop--invalid' : ''}`} data-testid="roster-drop"
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}>
        <label htmlFor={id} className="drop__label">Roster file</label>
        <input ref={input} id={id} type="file" className="visually-hidden" aria-describedby={`${id}-status`}
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(event) => void take(event.target.files?.[0])} />
        <div className="drop__body">
          <span className="drop__icon" aria-hidden="true">⬆</span>
          <span>
            {touch ? '' : 'Drag a CSV or .xlsx file here, or '}
            <button type="button" className="link-button" onClick={() => input.current?.click()} disabled={busy !== undefined}>{touch ? 'Choose a file' : 'choose a file'}</button>
            {touch ? ' (CSV or .xlsx)' : ''}. At most 2 MB and 1,000 rows.
          </span>
        </div>
        <div className="drop__status" id={`${id}-status`} aria-live="polite">
          {busy === 'reading' && <span>Reading the file…</span>}
          {chosen && !fileError && <span className="drop__done">✓ {chosen.file.name} read</span>}
          {fileError && <span className="field__error" role="alert">{fileError}</span>}
        </div>
      </div>
      <ProblemBanner problem={problem} />
      {chosen && !result && (
        <>
          <RosterPreview preview={chosen.preview} />
          <div className="form-actions">
            <button type="button" className="button button--primary" disabled={!sendable || busy !== undefined || provider.suspended} onClick={() => void send()}>
              {busy === 'sending' ? 'Sending…' : `Send ${chosen.preview.rows.length - chosen.preview.rejected} ${chosen.preview.rows.length - chosen.preview.rejected === 1 ? 'row' : 'rows'}`}
            </button>
            <span className="small muted">Rows that would be rejected are sent too and come back rejected with their reason; nothing of them is recorded.</span>
          </div>
        </>
      )}
      {chosen && result && <RosterResults rows={chosen.preview.rows} response={result} fileName={chosen.file.name} />}
    </div>
  );
}
