import { useId, useState, type FormEvent } from 'react';
import type { Security } from '../../../shared/model.js';
import type { ServerSpec } from '../../../shared/probe.js';
import type { ManualChoice } from '../flow/state.js';
import { onEscape } from '../lib/focus.js';
import { SECURITY_WORDS as SECURITY_LABELS } from '../lib/words.js';

const HOST = /^[A-Za-z0-9.-]{1,253}$/;

function ServerFields({ legend, value, onChange }: { legend: string; value: ServerSpec; onChange: (s: ServerSpec) => void }) {
  const id = useId();
  return (
    <fieldset className="server-fields">
      <legend>{legend}</legend>
      <div className="server-fields-grid">
        <div>
          <label htmlFor={`${id}-host`} className="field-label">
            Server
          </label>
          <input id={`${id}-host`} type="text" spellCheck={false} autoComplete="off" value={value.host} onChange={(e) => onChange({ ...value, host: e.target.value.trim() })} />
        </div>
        <div>
          <label htmlFor={`${id}-port`} className="field-label">
            Port
          </label>
          <input id={`${id}-port`} type="text" inputMode="numeric" value={String(value.port)} onChange={(e) => onChange({ ...value, port: Number(e.target.value.replace(/\D/g, '') || 0) })} />
        </div>
        <div>
          <label htmlFor={`${id}-sec`} className="field-label">
            Security
          </label>
          <select id={`${id}-sec`} value={value.security} onChange={(e) => onChange({ ...value, security: e.target.value as Security })}>
            {(['tls', 'starttls', 'none'] as const).map((s) => (
              <option key={s} value={s}>
                {SECURITY_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
      </div>
    </fieldset>
  );
}

/** The servers typed or corrected by the person, prefilled from what answered. */
export function ManualSettings({ initial, onApply, onCancel, applyLabel = 'Use these settings' }: { initial: ManualChoice; onApply: (c: ManualChoice) => void; onCancel: () => void; applyLabel?: string }) {
  const id = useId();
  const [draft, setDraftState] = useState<ManualChoice>(initial);
  const [problem, setProblem] = useState<string | null>(null);
  // Any edit may have fixed the problem: drop the old message until the next check.
  const setDraft = (next: ManualChoice): void => {
    setDraftState(next);
    setProblem(null);
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    for (const [name, s] of [
      ['IMAP', draft.imap],
      ['SMTP', draft.smtp],
    ] as const) {
      if (!HOST.test(s.host) || !s.host.includes('.')) return setProblem(`Enter the ${name} server name, like mail.example.com.`);
      if (!Number.isInteger(s.port) || s.port < 1 || s.port > 65535) return setProblem(`The ${name} port must be a number from 1 to 65535.`);
    }
    if (draft.username.trim() === '' || /[\r\n]/.test(draft.username)) return setProblem('Enter the username (usually the full email address).');
    setProblem(null);
    onApply({ ...draft, username: draft.username.trim() });
  };
  return (
    <form className="manual-form" onSubmit={submit} noValidate aria-label="Server settings" onKeyDown={onEscape(onCancel)}>
      <ServerFields legend="Incoming mail (IMAP)" value={draft.imap} onChange={(imap) => setDraft({ ...draft, imap })} />
      <ServerFields legend="Outgoing mail (SMTP)" value={draft.smtp} onChange={(smtp) => setDraft({ ...draft, smtp })} />
      <div>
        <label htmlFor={`${id}-user`} className="field-label">
          Username
        </label>
        <input id={`${id}-user`} type="text" spellCheck={false} autoComplete="username" value={draft.username} onChange={(e) => setDraft({ ...draft, username: e.target.value })} />
      </div>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="button-row">
        <button type="submit" className="primary">
          {applyLabel}
        </button>
        <button type="button" className="ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
