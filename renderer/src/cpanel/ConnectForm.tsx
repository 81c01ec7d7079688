import { useId, useState, type FormEvent } from 'react';
import type { CpanelConnectResult } from '../../../shared/cpanel.js';
import type { MailSetupError } from '../../../shared/errors.js';
import type { Transport } from '../api/transport.js';
import { offeredFingerprint } from './plain-words.js';
import { PlainNotice } from './PlainNotice.js';

/** Connect a hosting account: its cPanel address, user name and an API token (kept in the keychain only). */
export function ConnectForm({ api, onConnected, announce, onCancel }: { api: Transport; onConnected: (r: CpanelConnectResult) => void; announce: (t: string) => void; onCancel?: () => void }) {
  const id = useId();
  const [url, setUrl] = useState('');
  const [user, setUser] = useState('');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<MailSetupError | null>(null);
  const connect = async (trustFingerprint?: string): Promise<void> => {
    setBusy(true);
    setError(null);
    announce('Connecting to cPanel…');
    const reply = await api.invoke('cpanelConnect', { url: url.trim(), user: user.trim(), token: token.trim(), ...(trustFingerprint ? { trustFingerprint } : {}) });
    setBusy(false);
    if (!reply.ok) {
      setError(reply.error);
      announce('Not connected.');
      return;
    }
    setToken('');
    announce(`Connected to ${reply.value.url} as ${reply.value.user}.`);
    onConnected(reply.value);
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void connect();
  };
  const fingerprint = error ? offeredFingerprint(error) : null;
  const ready = url.trim() !== '' && user.trim() !== '' && token.trim() !== '';
  return (
    <form className="cp-connect" onSubmit={submit} noValidate aria-label="Connect a hosting account">
      <p className="muted">Connect once with an API token from cPanel (Security, Manage API Tokens). The token is kept in your system keychain and sent only to this address.</p>
      <div className="field-grid">
        <div>
          <label htmlFor={`${id}-url`} className="field-label">
            cPanel address
          </label>
          <input id={`${id}-url`} type="text" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://server1.example.com:2083" spellCheck={false} autoComplete="url" disabled={busy} />
        </div>
        <div>
          <label htmlFor={`${id}-user`} className="field-label">
            cPanel user name
          </label>
          <input id={`${id}-user`} type="text" value={user} onChange={(e) => setUser(e.target.value)} spellCheck={false} autoComplete="username" disabled={busy} />
        </div>
        <div>
          <label htmlFor={`${id}-token`} className="field-label">
            API token
          </label>
          <input id={`${id}-token`} type="password" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" spellCheck={false} disabled={busy} />
        </div>
      </div>
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy || !ready}>
          {busy ? 'Connecting…' : 'Connect'}
        </button>
        {onCancel ? (
          <button type="button" className="ghost" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        ) : null}
      </div>
      {error ? <PlainNotice error={error} lead="Not connected." /> : null}
      {fingerprint ? (
        <div className="notice notice-warn">
          <p>
            Certificate fingerprint: <code className="cp-record">{fingerprint}</code>
          </p>
          <button type="button" onClick={() => void connect(fingerprint)} disabled={busy}>
            My hosting provider confirmed it: trust this certificate
          </button>
        </div>
      ) : null}
    </form>
  );
}
