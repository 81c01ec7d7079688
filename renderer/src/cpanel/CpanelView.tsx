// The cPanel panel: connect a hosting account, see its mailboxes with their usage, set
// one up on this computer, create a new one, and check the domain's deliverability.
// Self-contained: it talks to the engine only through the transport it is given.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { CpanelConnection, CpanelMailbox } from '../../../shared/cpanel.js';
import type { MailSetupError } from '../../../shared/errors.js';
import type { Transport } from '../api/transport.js';
import { useAnnounce } from '../lib/focus.js';
import { ConnectForm } from './ConnectForm.js';
import { DeliverabilityPanel } from './DeliverabilityPanel.js';
import { NewMailbox } from './NewMailbox.js';
import { PlainNotice } from './PlainNotice.js';
import { size } from './plain-words.js';
import { SetupMailbox } from './SetupMailbox.js';
import './cpanel.css';

const nameOf = (c: CpanelConnection): string => c.url.replace(/^https:\/\//, '');

export function CpanelView({ api, onClose }: { api: Transport; onClose: () => void }) {
  const id = useId();
  const [connections, setConnections] = useState<CpanelConnection[] | null>(null);
  const [current, setCurrent] = useState<string>('');
  const [adding, setAdding] = useState(false);
  const [mailboxes, setMailboxes] = useState<CpanelMailbox[] | null>(null);
  const [listError, setListError] = useState<MailSetupError | null>(null);
  const [setupFor, setSetupFor] = useState<string | null>(null);
  const [resolver, setResolver] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  // The window's one polite live region (App) speaks for this view too.
  const announce = useAnnounce();

  useEffect(() => heading.current?.focus(), []);

  const loadConnections = useCallback(async (prefer?: string): Promise<void> => {
    const reply = await api.invoke('cpanelList', {});
    if (!reply.ok) {
      setListError(reply.error);
      setConnections([]);
      return;
    }
    setConnections(reply.value.connections);
    const names = reply.value.connections.map(nameOf);
    setCurrent((c) => (prefer && names.includes(prefer) ? prefer : names.includes(c) ? c : (names[0] ?? '')));
  }, [api]);

  useEffect(() => void loadConnections(), [loadConnections]);

  const loadMailboxes = useCallback(async (): Promise<void> => {
    if (current === '') return;
    setMailboxes(null);
    setListError(null);
    const reply = await api.invoke('cpanelMailboxes', { connection: current });
    if (reply.ok) setMailboxes(reply.value.mailboxes);
    else setListError(reply.error);
  }, [api, current]);

  useEffect(() => {
    setSetupFor(null);
    void loadMailboxes();
  }, [loadMailboxes]);

  const connection = connections?.find((c) => nameOf(c) === current);
  const disconnect = async (): Promise<void> => {
    if (!connection) return;
    const reply = await api.invoke('cpanelDisconnect', { connection: current });
    if (reply.ok) {
      announce(`Disconnected ${nameOf(connection)}.`);
      setMailboxes(null);
      await loadConnections();
    } else setListError(reply.error);
  };

  const showConnect = connections !== null && (connections.length === 0 || adding);
  return (
    <section className="card cp-view" aria-labelledby={`${id}-title`}>
      <header className="card-head">
        <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
          Your hosting account (cPanel)
        </h2>
        <button type="button" className="ghost" onClick={onClose}>
          Back to setting up one address
        </button>
      </header>

      {connections === null ? <p className="muted">Loading…</p> : null}
      {showConnect ? (
        <ConnectForm
          api={api}
          announce={announce}
          {...(adding && connections && connections.length > 0 ? { onCancel: () => setAdding(false) } : {})}
          onConnected={(r) => {
            setAdding(false);
            void loadConnections(r.url.replace(/^https:\/\//, ''));
          }}
        />
      ) : null}

      {connection && !adding ? (
        <>
          <div className="cp-account">
            {connections && connections.length > 1 ? (
              <label className="cp-pick">
                <span className="field-label">Hosting account</span>
                <select value={current} onChange={(e) => setCurrent(e.target.value)}>
                  {connections.map((c) => (
                    <option key={nameOf(c)} value={nameOf(c)}>
                      {c.user} at {nameOf(c)}
                    </option>
                  ))}
                </select>
              </label>
            ) : (
              <p>
                Connected as <strong>{connection.user}</strong> at <strong>{nameOf(connection)}</strong>.
              </p>
            )}
            <p className="muted">Mail domains: {connection.domains.join(', ') || 'none'}</p>
            <div className="button-row">
              <button type="button" className="ghost" onClick={() => setAdding(true)}>
                Connect another account…
              </button>
              <button type="button" className="ghost danger-text" onClick={() => void disconnect()}>
                Disconnect
              </button>
            </div>
          </div>

          <details className="advanced">
            <summary>Advanced</summary>
            <label htmlFor={`${id}-dns`} className="field-label">
              DNS server for the connection tests <span className="muted">(empty: this computer&rsquo;s)</span>
            </label>
            <input id={`${id}-dns`} type="text" value={resolver} onChange={(e) => setResolver(e.target.value.trim())} spellCheck={false} placeholder="system default" />
          </details>

          <section className="cp-sub" aria-labelledby={`${id}-boxes`}>
            <h3 id={`${id}-boxes`}>Mailboxes</h3>
            {listError ? <PlainNotice error={listError} /> : null}
            {mailboxes === null && !listError ? <p className="muted">Loading the mailboxes…</p> : null}
            {mailboxes && mailboxes.length === 0 ? <p className="muted">No mailboxes yet.</p> : null}
            {mailboxes && mailboxes.length > 0 ? (
              <table className="cp-table">
                <thead>
                  <tr>
                    <th scope="col">Address</th>
                    <th scope="col" className="num">Used</th>
                    <th scope="col" className="num">Space</th>
                    <th scope="col"><span className="sr-only">Actions</span></th>
                  </tr>
                </thead>
                <tbody>
                  {mailboxes.map((m) => (
                    <tr key={m.email} data-email={m.email}>
                      <th scope="row">{m.email}</th>
                      <td className="num">{size(m.diskUsedBytes)}</td>
                      <td className="num">{m.diskQuotaBytes === null ? 'no limit' : size(m.diskQuotaBytes)}</td>
                      <td>
                        <button type="button" className="ghost" onClick={() => setSetupFor(m.email)} aria-label={`Set up on this computer: ${m.email}`}>
                          Set up on this computer
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {setupFor ? <SetupMailbox key={setupFor} api={api} email={setupFor} resolver={resolver} announce={announce} onClose={() => setSetupFor(null)} /> : null}
          </section>

          <NewMailbox key={`new-${current}`} api={api} domains={connection.domains} connection={current} resolver={resolver} announce={announce} onCreated={() => void loadMailboxes()} />
          <DeliverabilityPanel key={`dv-${current}`} api={api} domains={connection.domains} connection={current} announce={announce} />
        </>
      ) : null}
    </section>
  );
}
