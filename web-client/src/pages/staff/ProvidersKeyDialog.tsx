import { useEffect, useRef, useState } from 'react';
import type { Schemas } from '../../api/client';

export type IssuedKey = Schemas['IssuedApiKeyResponse'];

/**
 * The one moment an API key is visible: Recert keeps only its hash, so the key is shown here, with a copy button,
 * and dropped from memory when the dialog closes. Afterwards only its prefix is listed.
 */
export function IssuedKeyDialog({ issued, providerName, onClose }: { issued: IssuedKey; providerName: string; onClose: () => void }) {
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const keyRef = useRef<HTMLInputElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    keyRef.current?.focus();
    keyRef.current?.select();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  async function copyKey() {
    try {
      await navigator.clipboard.writeText(issued.key);
      setCopy('copied');
    } catch {
      keyRef.current?.select();
      setCopy('failed');
    }
  }

  return (
    <div className="key-dialog__backdrop">
      <div className="key-dialog card" role="dialog" aria-modal="true" aria-labelledby="key-dialog-title" aria-describedby="key-dialog-warning">
        <h2 id="key-dialog-title">API key for {providerName}</h2>
        <div className="banner banner--warn" id="key-dialog-warning">
          <p className="banner__title">Copy this key now: it will not be shown again.</p>
          <p>Recert keeps only a fingerprint of it. Hand it to the provider over a secure channel. If it is lost, issue a new key and revoke this one.</p>
        </div>
        <label htmlFor="issued-key" className="small muted">Key “{issued.name}” (prefix {issued.prefix})</label>
        <div className="key-dialog__key">
          <input id="issued-key" ref={keyRef} readOnly value={issued.key} spellCheck={false} data-testid="issued-key" onFocus={(e) => e.target.select()} />
          <button type="button" className="button button--primary" onClick={copyKey}>Copy key</button>
        </div>
        <p className="small key-dialog__status" role="status">
          {copy === 'copied' && 'Copied to the clipboard.'}
          {copy === 'failed' && 'The browser did not allow copying: the key is selected, press Ctrl+C (⌘C on a Mac).'}
        </p>
        <div className="form-actions">
          <button type="button" ref={closeRef} className="button" onClick={onClose}>I have stored the key</button>
        </div>
      </div>
    </div>
  );
}
