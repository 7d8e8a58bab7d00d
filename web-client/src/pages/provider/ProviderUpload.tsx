import { useId, useRef, useState, type DragEvent } from 'react';
import { useTouchScreen } from '../../lib/useTouchScreen';
import { ApiProblem } from '../../api/problem';
import { PageHeader, ProblemBanner } from '../../components/ui';
import { checkRosterFile, fileProblemMessage, newIdempotencyKey, previewRoster, sendRoster, type BatchResponse, type Preview } from '../../lib/roster';
import { useProvider } from './ProviderContext';
import { RosterPreview, RosterResults } from './RosterTables';

interface Chosen {
  file: File;
  key: string;
  preview: Preview;
}

/**
 * Roster upload: the file is read by the API's preview (the same parser and rules as the recording, nothing stored),
 * then sent to the partner API's roster route with one Idempotency-Key per chosen file, so a retry never records twice.
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

  async function take(file: File | undefined) {
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
      setChosen({ file, key: newIdempotencyKey(), preview: await previewRoster(file) });
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
      setResult(await sendRoster(chosen.file, chosen.key));
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

  const sendable = chosen && chosen.preview.rows.some((r) => r.expected !== 'rejected');
  return (
    <div className="stack">
      <PageHeader title="Upload a roster" subtitle="A CSV or Excel (.xlsx) file with the columns externalId, courseCode, certificationNumber, lastName and completedOn (YYYY-MM-DD), one row per learner." />
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
