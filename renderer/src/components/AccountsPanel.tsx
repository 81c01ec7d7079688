import { useCallback, useEffect, useState } from 'react';
import type { Account } from '../../../shared/accounts.js';
import type { MailSetupError } from '../../../shared/errors.js';
import type { Transport } from '../api/transport.js';
import { Badge } from './Badge.js';
import { ErrorNotice } from './ErrorNotice.js';

type Load = { kind: 'loading' } | { kind: 'ready'; accounts: Account[] } | { kind: 'failed'; error: MailSetupError };

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** Saved accounts: settings and last test result, never a password. */
export function AccountsPanel({ api, reloadKey, onExport, resolver }: { api: Transport; reloadKey: number; onExport: (email: string) => void; resolver: string }) {
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [confirming, setConfirming] = useState<string | null>(null);
  const [forgetError, setForgetError] = useState<MailSetupError | null>(null);
  const [testing, setTesting] = useState<string | null>(null);
  const [testError, setTestError] = useState<MailSetupError | null>(null);

  const refresh = useCallback(async () => {
    setLoad({ kind: 'loading' });
    const reply = await api.invoke('accounts', {});
    setLoad(reply.ok ? { kind: 'ready', accounts: reply.value } : { kind: 'failed', error: reply.error });
  }, [api]);

  useEffect(() => {
    void refresh();
  }, [refresh, reloadKey]);

  /** Tests a saved account with the password from the keychain; the result lands on the account. */
  const retest = async (a: Account): Promise<void> => {
    setTesting(a.email);
    setTestError(null);
    const reply = await api.invoke('test', {
      email: a.email,
      username: a.incoming.username,
      ...(a.incoming.protocol === 'imap' ? { imap: { host: a.incoming.host, port: a.incoming.port, security: a.incoming.security } } : {}),
      smtp: { host: a.outgoing.host, port: a.outgoing.port, security: a.outgoing.security },
      ...(resolver !== '' ? { resolver } : {}),
    });
    setTesting(null);
    if (!reply.ok) setTestError(reply.error);
    await refresh();
  };

  const forget = async (email: string): Promise<void> => {
    setConfirming(null);
    const reply = await api.invoke('forget', { email });
    setForgetError(reply.ok ? null : reply.error);
    await refresh();
  };

  return (
    <section className="card" aria-labelledby="accounts-title">
      <header className="card-head">
        <h2 id="accounts-title">Saved accounts</h2>
        <button type="button" className="ghost" onClick={() => void refresh()}>
          Refresh
        </button>
      </header>
      {forgetError ? <ErrorNotice error={forgetError} title="Could not forget the account" /> : null}
      {testError ? <ErrorNotice error={testError} title="Could not test the saved account" /> : null}
      {load.kind === 'loading' ? <p className="muted">Loading…</p> : null}
      {load.kind === 'failed' ? <ErrorNotice error={load.error} title="Could not list saved accounts" /> : null}
      {load.kind === 'ready' && load.accounts.length === 0 ? <p className="muted empty">No saved accounts yet. Test an account above, then save it.</p> : null}
      {load.kind === 'ready' && load.accounts.length > 0 ? (
        <ul className="accounts">
          {load.accounts.map((a) => (
            <li key={a.email} className="account" data-email={a.email}>
              <div className="account-main">
                <div className="account-email">
                  {a.displayName ? <span>{a.displayName} </span> : null}
                  <code>{a.email}</code>
                </div>
                <div className="account-servers muted">
                  {a.incoming.protocol.toUpperCase()} {a.incoming.host}:{a.incoming.port} · SMTP {a.outgoing.host}:{a.outgoing.port}
                </div>
                <div className="account-test">
                  {a.lastTest ? (
                    <>
                      <Badge tone={a.lastTest.ok ? 'good' : 'bad'}>{a.lastTest.ok ? 'last test passed' : 'last test failed'}</Badge>{' '}
                      <span className="muted">
                        {when(a.lastTest.at)} — {a.lastTest.summary}
                      </span>
                    </>
                  ) : (
                    <Badge tone="neutral">not tested yet</Badge>
                  )}
                </div>
              </div>
              <div className="account-actions">
                <button type="button" onClick={() => void retest(a)} disabled={testing !== null}>
                  {testing === a.email ? 'Testing…' : 'Test now'}
                </button>
                <button type="button" onClick={() => onExport(a.email)}>
                  Export…
                </button>
                {confirming === a.email ? (
                  <span className="confirm-inline" role="group" aria-label={`Forget ${a.email}?`}>
                    <button type="button" className="danger" onClick={() => void forget(a.email)}>
                      Forget it
                    </button>
                    <button type="button" className="ghost" onClick={() => setConfirming(null)}>
                      Keep
                    </button>
                  </span>
                ) : (
                  <button type="button" className="ghost danger-text" onClick={() => setConfirming(a.email)}>
                    Forget…
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
