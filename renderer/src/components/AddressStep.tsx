import { useId, useState, type FormEvent } from 'react';

export interface AddressSubmit {
  email: string;
  offline: boolean;
  noGuess: boolean;
  /** DNS server "HOST[:PORT]" for every lookup; empty means the system's. */
  resolver: string;
}

/** Step 1: the address, and how far discovery may reach. */
export function AddressStep({ busy, onSubmit, inputError }: { busy: boolean; onSubmit: (s: AddressSubmit) => void; inputError: string | null }) {
  const [email, setEmail] = useState('');
  const [offline, setOffline] = useState(false);
  const [noGuess, setNoGuess] = useState(false);
  const [resolver, setResolver] = useState('');
  const id = useId();
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    onSubmit({ email, offline, noGuess, resolver: resolver.trim() });
  };
  return (
    <form className="address-form" onSubmit={submit} noValidate aria-describedby={inputError ? `${id}-err` : undefined}>
      <label htmlFor={`${id}-email`} className="field-label">
        Email address
      </label>
      <div className="input-row">
        <input
          id={`${id}-email`}
          name="email"
          type="email"
          inputMode="email"
          autoComplete="email"
          spellCheck={false}
          placeholder="jane@example.com"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={inputError !== null}
          aria-errormessage={inputError ? `${id}-err` : undefined}
          disabled={busy}
          autoFocus
        />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Searching…' : 'Find settings'}
        </button>
      </div>
      {inputError ? (
        <p id={`${id}-err`} className="field-error" role="alert">
          {inputError}
        </p>
      ) : null}
      <div className="options-row">
        <label className="check">
          <input type="checkbox" name="offline" checked={offline} onChange={(e) => setOffline(e.target.checked)} disabled={busy} />
          Offline: bundled data only
        </label>
        <label className="check">
          <input type="checkbox" name="noGuess" checked={noGuess} onChange={(e) => setNoGuess(e.target.checked)} disabled={busy || offline} />
          Don&rsquo;t probe servers (no guessing)
        </label>
      </div>
      <details className="advanced">
        <summary>Advanced</summary>
        <label htmlFor={`${id}-resolver`} className="field-label">
          DNS server <span className="muted">(HOST[:PORT], used for every lookup and connection)</span>
        </label>
        <input
          id={`${id}-resolver`}
          name="resolver"
          type="text"
          spellCheck={false}
          placeholder="system default"
          value={resolver}
          onChange={(e) => setResolver(e.target.value)}
          disabled={busy}
        />
      </details>
    </form>
  );
}
