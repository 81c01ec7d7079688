// The saved accounts: each with its last test in plain words, and what can be done
// with it (set up a device, edit, test again, forget after a confirmation).
import { useCallback, useEffect, useId, useState } from 'react';
import type { Account } from '../../../shared/accounts.js';
import type { MailSetupError } from '../../../shared/errors.js';
import type { Transport } from '../api/transport.js';
import { Badge } from '../components/Badge.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { onEscape, useAnnounce } from '../lib/focus.js';
import { when } from '../lib/words.js';
import { domainOf, shownEmail, useHostFacts } from '../lib/hosts.js';

type Load = { kind: 'loading' } | { kind: 'ready'; accounts: Account[] } | { kind: 'failed'; error: MailSetupError };

export function LastTestLine({ account }: { account: Account }) {
  const t = account.lastTest;
  if (!t) return <Badge tone="neutral">not tested</Badge>;
  return (
    <span className="last-test">
      <Badge tone={t.ok ? 'good' : 'bad'}>{t.ok ? 'tested, works' : 'last test failed'}</Badge> <span className="muted">{when(t.at)}</span>
    </span>
  );
}

export function AccountsList({ api, version, resolver, onDevices, onEdit }: { api: Transport; version: number; resolver: string; onDevices: (a: Account) => void; onEdit: (a: Account) => void }) {
  const id = useId();
  const announce = useAnnounce();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<{ title: string; error: MailSetupError } | null>(null);

  const facts = useHostFacts(api, load.kind === 'ready' ? load.accounts.slice(0, 10).map((a) => domainOf(a.email)) : [], '');
  const refresh = useCallback(async () => {
    const reply = await api.invoke('accounts', {});
    setLoad(reply.ok ? { kind: 'ready', accounts: reply.value } : { kind: 'failed', error: reply.error });
  }, [api]);

  useEffect(() => {
    void refresh();
  }, [refresh, version]);

  const retest = async (a: Account): Promise<void> => {
    setBusy(a.email);
    setError(null);
    announce(`Testing ${a.email}…`);
    const reply = await api.invoke('test', {
      email: a.email,
      username: a.incoming.username,
      ...(a.incoming.protocol === 'imap' ? { imap: { host: a.incoming.host, port: a.incoming.port, security: a.incoming.security } } : {}),
      smtp: { host: a.outgoing.host, port: a.outgoing.port, security: a.outgoing.security },
      ...(resolver ? { resolver } : {}),
    });
    setBusy(null);
    if (!reply.ok) setError({ title: `Could not test ${a.email}`, error: reply.error });
    announce(reply.ok ? (reply.value.ok ? `${a.email} works.` : `${a.email}: the test found a problem.`) : `Could not test ${a.email}.`);
    await refresh();
  };

  const forget = async (email: string): Promise<void> => {
    setConfirming(null);
    const reply = await api.invoke('forget', { email });
    setError(reply.ok ? null : { title: `Could not forget ${email}`, error: reply.error });
    announce(reply.ok ? `${email} was forgotten.` : `Could not forget ${email}.`);
    await refresh();
  };

  if (load.kind === 'ready' && load.accounts.length === 0) return null;
  return (
    <section className="card accounts-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Saved accounts</h2>
      {error ? <ErrorNotice error={error.error} title={error.title} /> : null}
      {load.kind === 'loading' ? <p className="muted">Loading…</p> : null}
      {load.kind === 'failed' ? <ErrorNotice error={load.error} title="Could not list the saved accounts" /> : null}
      {load.kind === 'ready' ? (
        <ul className="accounts">
          {load.accounts.map((a) => (
            <li key={a.email} className="account" data-email={a.email}>
              <div className="account-main">
                <p className="account-email">
                  {a.displayName ? <span>{a.displayName} · </span> : null}
                  {shownEmail(a.email, facts)}
                </p>
                <p className="muted account-servers">
                  Receives from {a.incoming.host}, sends through {a.outgoing.host}
                </p>
                <LastTestLine account={a} />
              </div>
              <div className="account-actions">
                <button type="button" onClick={() => onDevices(a)}>
                  Set up on…<span className="sr-only"> for {a.email}</span>
                </button>
                <button type="button" onClick={() => onEdit(a)}>
                  Edit<span className="sr-only"> {a.email}</span>
                </button>
                <button type="button" onClick={() => void retest(a)} disabled={busy !== null}>
                  {busy === a.email ? 'Testing…' : 'Test again'}
                  <span className="sr-only"> {a.email}</span>
                </button>
                {confirming === a.email ? (
                  <span className="confirm-inline" role="group" aria-label={`Forget ${a.email}?`} onKeyDown={onEscape(() => setConfirming(null))}>
                    <button type="button" className="danger" onClick={() => void forget(a.email)} autoFocus>
                      Forget it
                    </button>
                    <button type="button" onClick={() => setConfirming(null)}>
                      Keep
                    </button>
                  </span>
                ) : (
                  <button type="button" className="danger-text" onClick={() => setConfirming(a.email)}>
                    Forget…<span className="sr-only"> {a.email}</span>
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
