import { useEffect, useRef, useState } from 'react';
import { api, call, documentUrl } from '../api/client';
import type { ApiProblem } from '../api/problem';
import { LoadError, Loading } from './ui';
import './documents.css';

export function documentViewUrl(id: string): string {
  return `${documentUrl(id)}/view`;
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * "View" opens the uploaded file in a dialog; "Download" stays next to it. The file comes from /view, which answers
 * with its own strict Content-Security-Policy: an image is shown in an <img> (it cannot run anything), a PDF in an iframe
 * that Chromium's PDF viewer renders under default-src 'none'.
 */
export function DocumentLinks({ id, label }: { id: string; label: string }) {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  return (
    <span className="document-links">
      <button type="button" ref={opener} className="button button--small" onClick={() => setOpen(true)} aria-haspopup="dialog">
        View <span className="visually-hidden">{label}</span>
      </button>
      <a className="small" href={documentUrl(id)} download>Download <span className="visually-hidden">{label}</span></a>
      {open && <DocumentViewer id={id} label={label} onClose={() => { setOpen(false); opener.current?.focus(); }} />}
    </span>
  );
}

export function DocumentViewer({ id, label, onClose }: { id: string; label: string; onClose: () => void }) {
  const [info, setInfo] = useState<{ fileName: string; contentType: string; sizeBytes: number }>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [attempt, setAttempt] = useState(0);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    setProblem(undefined);
    call(api.GET('/api/v1/documents/{id}/info', { params: { path: { id } }, signal: controller.signal }))
      .then(setInfo)
      .catch((cause: unknown) => {
        if (!controller.signal.aborted) setProblem(cause as ApiProblem);
      });
    return () => controller.abort();
  }, [id, attempt]);

  useEffect(() => {
    closeRef.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  const titleId = `doc-view-${id}`;
  return (
    <div className="doc-viewer__backdrop">
      <div className="doc-viewer card" role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <div className="doc-viewer__head">
          <h2 id={titleId}>{label}</h2>
          <button type="button" ref={closeRef} className="button button--small" onClick={onClose}>Close</button>
        </div>
        {problem ? (
          <LoadError problem={problem} onRetry={() => setAttempt(attempt + 1)} />
        ) : !info ? (
          <Loading label="Loading the document…" height={240} />
        ) : (
          <>
            <p className="small muted">
              {info.fileName} · {info.contentType === 'application/pdf' ? 'PDF' : info.contentType === 'image/png' ? 'PNG image' : 'JPEG image'} · {size(info.sizeBytes)} ·{' '}
              <a href={documentUrl(id)} download>Download</a>
            </p>
            <div className="doc-viewer__frame">
              {info.contentType === 'application/pdf' ? (
                <iframe src={documentViewUrl(id)} title={`${label}: ${info.fileName}`} referrerPolicy="same-origin" />
              ) : (
                <img src={documentViewUrl(id)} alt={`${label}: ${info.fileName}`} />
              )}
            </div>
          </>
        )}
      </div>
    </div>
  );
}
