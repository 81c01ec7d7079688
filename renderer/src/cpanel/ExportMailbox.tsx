import { useId, useState } from 'react';
import type { MailSetupError } from '../../../shared/errors.js';
import type { ExportFormat } from '../../../shared/profiles.js';
import type { Transport } from '../api/transport.js';
import { downloadFile } from '../lib/download.js';
import { FORMAT_LABELS } from '../lib/format-labels.js';
import { PlainNotice } from './PlainNotice.js';

const CHOICES: ExportFormat[] = ['apple', 'thunderbird-prefs', 'k9s', 'helpdesk-sheet'];

/** The last step: a profile for the person's mail program, downloaded (never with the password). */
export function ExportMailbox({ api, email, announce }: { api: Transport; email: string; announce: (text: string) => void }) {
  const id = useId();
  const [format, setFormat] = useState<ExportFormat>('apple');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<MailSetupError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const download = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    setDone(null);
    const reply = await api.invoke('export', { email, format });
    setBusy(false);
    if (!reply.ok) return setError(reply.error);
    for (const f of reply.value.files) downloadFile(f);
    const text = `Downloaded the ${FORMAT_LABELS[format].label} file for ${email}.`;
    setDone(text);
    announce(text);
  };
  return (
    <div className="cp-export">
      <label htmlFor={`${id}-format`} className="field-label">
        Mail program
      </label>
      <div className="input-row">
        <select id={`${id}-format`} value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
          {CHOICES.map((f) => (
            <option key={f} value={f}>
              {FORMAT_LABELS[f].label}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => void download()} disabled={busy}>
          {busy ? 'Preparing…' : 'Download set-up file'}
        </button>
      </div>
      <p className="field-hint">{FORMAT_LABELS[format].hint}; the file holds no password.</p>
      {done ? <p className="muted">{done}</p> : null}
      {error ? <PlainNotice error={error} /> : null}
    </div>
  );
}
