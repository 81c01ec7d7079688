import { useEffect, useId, useState, type FormEvent } from 'react';
import type { MailSetupError } from '../../../shared/errors.js';
import { EXPORT_FORMATS, type ExportFile, type ExportFormat, type ExportResult } from '../../../shared/profiles.js';
import type { Transport } from '../api/transport.js';
import { downloadFile } from '../lib/download.js';
import { FORMAT_LABELS } from '../lib/labels.js';
import { ErrorNotice } from './ErrorNotice.js';

function FileView({ file }: { file: ExportFile }) {
  const [copied, setCopied] = useState(false);
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(file.content);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  };
  const isImage = file.encoding === 'base64' && file.mediaType.startsWith('image/');
  return (
    <div className="export-file" data-file={file.name}>
      <div className="export-file-head">
        <span className="export-file-name">
          <code title={file.name}>{file.name}</code>
          <span className="muted">{file.mediaType}</span>
        </span>
        {file.encoding === 'utf8' ? (
          <button type="button" className="ghost" onClick={() => void copy()}>
            {copied ? 'Copied' : 'Copy'}
          </button>
        ) : null}
        <button type="button" onClick={() => downloadFile(file)}>
          Download
        </button>
      </div>
      {file.encoding === 'utf8' ? <pre className="export-text">{file.content}</pre> : null}
      {isImage ? <img className="export-image" alt={`Image ${file.name}`} src={`data:${file.mediaType};base64,${file.content}`} /> : null}
    </div>
  );
}

/** Export an account to a client profile; text formats are shown with a copy button. */
export function ExportPanel({ api, email, onEmail }: { api: Transport; email: string; onEmail: (e: string) => void }) {
  const id = useId();
  const [format, setFormat] = useState<ExportFormat>('apple');
  const [includePassword, setIncludePassword] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ExportResult | null>(null);
  const [error, setError] = useState<MailSetupError | null>(null);

  // A result belongs to the account it was made for.
  useEffect(() => {
    setResult(null);
    setError(null);
  }, [email]);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    const reply = await api.invoke('export', { email: email.trim(), format, ...(format === 'apple' && includePassword ? { includePassword: true } : {}) });
    setBusy(false);
    if (reply.ok) setResult(reply.value);
    else setError(reply.error);
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`} id="export">
      <header className="card-head">
        <h2 id={`${id}-title`}>Export to a mail client</h2>
      </header>
      <form className="export-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field-grid">
          <div>
            <label htmlFor={`${id}-email`} className="field-label">
              Account
            </label>
            <input id={`${id}-email`} type="email" value={email} onChange={(e) => onEmail(e.target.value)} placeholder="jane@example.com" spellCheck={false} />
          </div>
          <div>
            <label htmlFor={`${id}-format`} className="field-label">
              Format
            </label>
            <select id={`${id}-format`} value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
              {EXPORT_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {FORMAT_LABELS[f].label}
                </option>
              ))}
            </select>
            <p className="field-hint">{FORMAT_LABELS[format].hint}</p>
          </div>
        </div>
        {format === 'apple' ? (
          <label className="check">
            <input type="checkbox" checked={includePassword} onChange={(e) => setIncludePassword(e.target.checked)} />
            <span>
              Include the password in the profile <span className="muted">(anyone with the file can read it)</span>
            </span>
          </label>
        ) : null}
        <div className="button-row">
          <button type="submit" className="primary" disabled={busy || email.trim() === ''}>
            {busy ? 'Exporting…' : 'Export'}
          </button>
        </div>
      </form>
      {error ? <ErrorNotice error={error} title="Export failed" /> : null}
      {result ? (
        <div className="export-result">
          {result.warnings.map((w, i) => (
            <p key={i} className="notice notice-warn">
              {w}
            </p>
          ))}
          {result.files.map((f) => (
            <FileView key={f.name} file={f} />
          ))}
        </div>
      ) : null}
    </section>
  );
}
