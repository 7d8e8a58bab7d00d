import { useId, useRef, useState, type DragEvent } from 'react';
import { useTouchScreen } from '../lib/useTouchScreen';
import { uploadDocument, type DocumentInfo } from '../api/client';
import { ApiProblem } from '../api/problem';

const accepted = ['application/pdf', 'image/png', 'image/jpeg'];
const maxBytes = 10 * 1024 * 1024;

interface Props {
  label: string;
  /** Called with the stored document, or undefined when the file is removed. */
  onChange: (document: DocumentInfo | undefined) => void;
  error?: string;
  name?: string;
}

/** Drag-and-drop (or choose) a PDF/PNG/JPEG; uploads at once with a progress bar. */
export function FileDrop({ label, onChange, error, name }: Props) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const touch = useTouchScreen();
  const [progress, setProgress] = useState<number>();
  const [document, setDocument] = useState<DocumentInfo>();
  const [fileName, setFileName] = useState<string>();
  const [problem, setProblem] = useState<string>();

  async function take(file: File | undefined) {
    if (!file) return;
    setProblem(undefined);
    setDocument(undefined);
    onChange(undefined);
    setFileName(file.name);
    if (file.type && !accepted.includes(file.type)) {
      setProblem('Choose a PDF, PNG or JPEG file.');
      return;
    }
    if (file.size > maxBytes) {
      setProblem('The file is larger than 10 MB.');
      return;
    }
    setProgress(0);
    try {
      const stored = await uploadDocument(file, setProgress);
      setDocument(stored);
      onChange(stored);
    } catch (cause) {
      const apiProblem = cause instanceof ApiProblem ? cause : undefined;
      setProblem(apiProblem ? (apiProblem.field('file') ?? apiProblem.detail ?? apiProblem.title) : 'The upload failed.');
    } finally {
      setProgress(undefined);
    }
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    void take(event.dataTransfer.files[0]);
  }

  const message = problem ?? error;
  const uploading = progress !== undefined;
  return (
    <div className={`drop${dragging ? ' drop--over' : ''}${message ? ' drop--invalid' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      data-testid={name ? `drop-${name}` : undefined}
    >
      <label htmlFor={id} className="drop__label">
        {label}
      </label>
      <input
        ref={input}
        id={id}
        name={name}
        type="file"
        accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
        className="visually-hidden"
        aria-describedby={`${id}-status`}
        onChange={(event) => void take(event.target.files?.[0])}
      />
      <div className="drop__body">
        <span className="drop__icon" aria-hidden="true">⬆</span>
        <span>
          {touch ? '' : 'Drag a PDF, PNG or JPEG here, or '}
          <button type="button" className="link-button" onClick={() => input.current?.click()} disabled={uploading}>
            {touch ? 'Choose a file' : 'choose a file'}
          </button>
          {touch ? ' (PDF, PNG or JPEG)' : ''}. At most 10 MB.
        </span>
      </div>
      <div className="drop__status" id={`${id}-status`} aria-live="polite">
        {uploading && (
          <div className="progress" role="progressbar" aria-label={`Uploading ${fileName}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(progress * 100)}>
            <div className="progress__bar" style={{ width: `${Math.round(progress * 100)}%` }} />
          </div>
        )}
        {uploading && <span>Uploading {fileName}… {Math.round(progress * 100)}%</span>}
        {document && <span className="drop__done">✓ {document.fileName} uploaded</span>}
        {message && !uploading && <span className="field__error" role="alert">{message}</span>}
      </div>
    </div>
  );
}
