// Step 1: name, address and password on one form, the way mail clients ask for them.
import { useId, type FormEvent } from 'react';
import type { Person } from '../flow/state.js';
import { useFocusOnChange } from '../lib/focus.js';

export function StartStep({
  person,
  error,
  onPerson,
  onSubmit,
  focusKey,
  autoFocus,
}: {
  person: Person;
  error?: string;
  onPerson: (patch: Partial<Person>) => void;
  onSubmit: () => void;
  focusKey: unknown;
  autoFocus: boolean;
}) {
  const id = useId();
  const emailRef = useFocusOnChange<HTMLInputElement>(`${String(focusKey)}|${error ?? ''}`, autoFocus || error !== undefined);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <section className="card step" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Set up your email</h2>
      <p className="lead">Type your address and password. MailSetup finds your mail servers, checks that they work, and keeps the password in this computer’s keychain.</p>
      <form className="start-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-name`}>
            Your name <span className="muted">(optional, shown to people you write to)</span>
          </label>
          <input id={`${id}-name`} name="name" type="text" autoComplete="name" value={person.name} onChange={(e) => onPerson({ name: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-email`}>Email address</label>
          <input
            ref={emailRef}
            id={`${id}-email`}
            name="email"
            type="email"
            inputMode="email"
            autoComplete="email"
            spellCheck={false}
            placeholder="jane@example.com"
            value={person.email}
            onChange={(e) => onPerson({ email: e.target.value })}
            aria-invalid={error !== undefined}
            aria-describedby={error ? `${id}-err` : undefined}
          />
          {error ? (
            <p id={`${id}-err`} className="field-error">
              {error}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={`${id}-pw`}>Password</label>
          <input id={`${id}-pw`} name="password" type="password" autoComplete="current-password" value={person.password} onChange={(e) => onPerson({ password: e.target.value })} aria-describedby={`${id}-pw-hint`} />
          <p id={`${id}-pw-hint`} className="field-hint">
            Used only to check your servers and saved only in your system’s keychain.
          </p>
        </div>
        <details className="options">
          <summary>Options</summary>
          <label className="check">
            <input type="checkbox" name="offline" checked={person.offline} onChange={(e) => onPerson({ offline: e.target.checked })} />
            Don’t use the network to find settings (built-in provider list only)
          </label>
          <label className="check">
            <input type="checkbox" name="noGuess" checked={person.noGuess} disabled={person.offline} onChange={(e) => onPerson({ noGuess: e.target.checked })} />
            Don’t try likely server names
          </label>
          <div className="field">
            <label htmlFor={`${id}-dns`}>DNS server</label>
            <input
              id={`${id}-dns`}
              name="resolver"
              type="text"
              spellCheck={false}
              placeholder="the system’s"
              value={person.resolver}
              onChange={(e) => onPerson({ resolver: e.target.value.trim() })}
              aria-describedby={`${id}-dns-hint`}
            />
            <p id={`${id}-dns-hint`} className="field-hint">
              An IP address, optionally followed by a colon and a port. Used for every lookup and connection.
            </p>
          </div>
        </details>
        <div className="button-row">
          <button type="submit" className="primary">
            Find settings
          </button>
        </div>
      </form>
    </section>
  );
}
