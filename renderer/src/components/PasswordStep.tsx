import { useId, type FormEvent } from 'react';

/** Step 3: the password (kept in memory only) and the buttons that use it. */
export function PasswordStep({
  password,
  onPassword,
  onTest,
  onSave,
  busy,
  blockedReason,
  displayName,
  onDisplayName,
}: {
  password: string;
  onPassword: (p: string) => void;
  onTest: () => void;
  onSave: () => void;
  busy: boolean;
  blockedReason: string | null;
  displayName: string;
  onDisplayName: (s: string) => void;
}) {
  const id = useId();
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    onTest();
  };
  const disabled = busy || blockedReason !== null || password === '';
  return (
    <form className="password-form" onSubmit={submit} noValidate>
      <div className="field-grid">
        <div>
          <label htmlFor={`${id}-pw`} className="field-label">
            Password
          </label>
          <input id={`${id}-pw`} name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => onPassword(e.target.value)} disabled={busy} />
        </div>
        <div>
          <label htmlFor={`${id}-name`} className="field-label">
            Your name <span className="muted">(optional, for saving)</span>
          </label>
          <input id={`${id}-name`} name="displayName" type="text" autoComplete="name" value={displayName} onChange={(e) => onDisplayName(e.target.value)} disabled={busy} />
        </div>
      </div>
      {blockedReason ? <p className="field-hint">{blockedReason}</p> : null}
      <div className="button-row">
        <button type="submit" className="primary" disabled={disabled}>
          {busy ? 'Working…' : 'Test connection'}
        </button>
        <button type="button" onClick={onSave} disabled={disabled}>
          Save to keychain
        </button>
      </div>
      <p className="field-hint">The password goes only to your mail servers and to your system&rsquo;s keychain; it is never written to a file.</p>
    </form>
  );
}
