// Edit a saved account without forgetting it: change servers, username or password;
// the changes are tested and saved only when they work. An empty password keeps the
// one in the keychain.
import { useId, useState } from 'react';
import type { Account } from '../../../shared/accounts.js';
import type { Transport } from '../api/transport.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { ManualSettings } from '../components/ManualSettings.js';
import type { ManualChoice, Test } from '../flow/state.js';
import { onEscape, useFocusOnChange } from '../lib/focus.js';
import { TestOutcome } from './TestOutcome.js';

export function EditAccount({
  api,
  account,
  test,
  resolver,
  onVerify,
  onCancelTest,
  onClose,
}: {
  api: Transport;
  account: Account;
  test: Test;
  resolver: string;
  onVerify: (servers: ManualChoice, password: string, name: string) => void;
  onCancelTest: () => void;
  onClose: () => void;
}) {
  const id = useId();
  const heading = useFocusOnChange<HTMLHeadingElement>(`${account.email}|${test.kind}`, test.kind !== 'running');
  const [name, setName] = useState(account.displayName ?? '');
  const [password, setPassword] = useState('');
  const [servers, setServers] = useState<ManualChoice>({
    imap: { host: account.incoming.host, port: account.incoming.port, security: account.incoming.security },
    smtp: { host: account.outgoing.host, port: account.outgoing.port, security: account.outgoing.security },
    username: account.incoming.username,
  });
  const submit = (m: ManualChoice): void => {
    setServers(m);
    onVerify(m, password, name);
  };
  return (
    <section className="card step" aria-labelledby={`${id}-title`} onKeyDown={onEscape(test.kind === 'running' ? onCancelTest : onClose)}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {test.kind === 'done' && !test.report.ok ? 'The changed settings did not work' : `Change ${account.email}`}
      </h2>
      <p className="muted">The changes are checked first and saved only when they work. Until then the saved account stays as it is.</p>
      {test.kind === 'done' ? <TestOutcome api={api} report={test.report} current={servers} resolver={resolver} onRetry={(r) => submit(r.servers ?? servers)} /> : null}
      {test.kind === 'failed' ? <ErrorNotice error={test.error} title="The check could not run" /> : null}
      {test.kind === 'cancelled' ? <p className="note">Check cancelled. Nothing was changed.</p> : null}
      {test.kind === 'running' ? (
        <div className="progress-line">
          <span className="spinner" aria-hidden="true" />
          <p className="progress-text">Checking the changed settings…</p>
          <button type="button" onClick={onCancelTest}>
            Cancel
          </button>
        </div>
      ) : (
        <>
          <div className="field">
            <label htmlFor={`${id}-name`}>Your name</label>
            <input id={`${id}-name`} type="text" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-pw`}>New password</label>
            <input id={`${id}-pw`} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby={`${id}-pw-hint`} />
            <p id={`${id}-pw-hint`} className="field-hint">
              Leave empty to keep the saved password.
            </p>
          </div>
          <ManualSettings initial={servers} onApply={submit} onCancel={onClose} applyLabel="Verify and save" />
        </>
      )}
    </section>
  );
}
