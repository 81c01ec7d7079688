import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { CpanelAddMailboxResult } from '../../../shared/cpanel.js';
import type { MailSetupError } from '../../../shared/errors.js';
import type { Transport } from '../api/transport.js';
import { ExportMailbox } from './ExportMailbox.js';
import { PlainNotice } from './PlainNotice.js';
import { TestOutcome } from './TestOutcome.js';

/** "New mailbox": cPanel creates it with a generated password (shown once), then the same test → save → export. */
export function NewMailbox({
  api, domains, connection, resolver, announce, onCreated,
}: { api: Transport; domains: string[]; connection: string; resolver: string; announce: (t: string) => void; onCreated: () => void }) {
  const id = useId();
  const [local, setLocal] = useState('');
  const [domain, setDomain] = useState(domains[0] ?? '');
  const [quota, setQuota] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<MailSetupError | null>(null);
  const [created, setCreated] = useState<CpanelAddMailboxResult | null>(null);
  const [copied, setCopied] = useState(false);
  const result = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (created || error) result.current?.focus();
  }, [created, error]);

  const quotaOk = quota.trim() === '' || /^\d+$/.test(quota.trim());
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (local.trim() === '' || !quotaOk) return;
    setBusy(true);
    setError(null);
    setCreated(null);
    setCopied(false);
    const email = `${local.trim()}@${domain}`;
    announce(`Creating ${email} and testing it. This takes a few seconds.`);
    const reply = await api.invoke('cpanelAddMailbox', {
      email, connection, ...(quota.trim() !== '' ? { quotaMb: Number(quota.trim()) } : {}), ...(resolver !== '' ? { resolver } : {}),
    });
    setBusy(false);
    if (!reply.ok) {
      setError(reply.error);
      announce('The mailbox was not created.');
      return;
    }
    setCreated(reply.value);
    setLocal('');
    onCreated();
    announce(reply.value.saved ? `${reply.value.email} was created, tested and saved. Its password is shown once.` : `${reply.value.email} was created but did not pass the connection test.`);
  };
  const copy = async (text: string): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      announce('Password copied.');
    } catch {
      setCopied(false);
    }
  };

  return (
    <section className="cp-sub" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>New mailbox</h3>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="field-grid">
          <div>
            <label htmlFor={`${id}-local`} className="field-label">
              Name before the @
            </label>
            <input id={`${id}-local`} type="text" value={local} onChange={(e) => setLocal(e.target.value)} spellCheck={false} autoComplete="off" placeholder="sales" disabled={busy} />
          </div>
          <div>
            <label htmlFor={`${id}-domain`} className="field-label">
              Domain
            </label>
            <select id={`${id}-domain`} value={domain} onChange={(e) => setDomain(e.target.value)} disabled={busy}>
              {domains.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor={`${id}-quota`} className="field-label">
              Space in MB <span className="muted">(empty: the usual size, 0: no limit)</span>
            </label>
            <input id={`${id}-quota`} type="text" inputMode="numeric" value={quota} onChange={(e) => setQuota(e.target.value)} aria-invalid={!quotaOk} disabled={busy} />
          </div>
        </div>
        {!quotaOk ? <p className="field-error">Give the space as a whole number of megabytes.</p> : null}
        <div className="button-row">
          <button type="submit" className="primary" disabled={busy || local.trim() === '' || !quotaOk}>
            {busy ? 'Creating and testing…' : 'Create mailbox'}
          </button>
        </div>
        <p className="field-hint">A strong password is made for it and kept in your system keychain; you see it once, to give to the person.</p>
      </form>
      <div ref={result} tabIndex={-1} className="cp-result">
        {error ? <PlainNotice error={error} lead="The mailbox was not created." /> : null}
        {created ? (
          <>
            <p className="notice notice-ok">
              <strong>{created.email}</strong> was created.
            </p>
            {created.generatedPassword ? (
              <div className="cp-password">
                <span className="field-label">Password, shown only now</span>
                <div className="input-row">
                  <code className="cp-secret" aria-label="New password">{created.generatedPassword}</code>
                  <button type="button" onClick={() => void copy(created.generatedPassword ?? '')}>
                    {copied ? 'Copied' : 'Copy password'}
                  </button>
                </div>
              </div>
            ) : null}
            <TestOutcome report={created.test} />
            {created.saved ? (
              <>
                <p className="notice notice-ok">Saved on this computer: the password is in your system keychain.</p>
                <ExportMailbox api={api} email={created.email} announce={announce} />
              </>
            ) : (
              <p className="notice notice-warn">The mailbox exists, but it was not saved here because the test did not pass.</p>
            )}
          </>
        ) : null}
      </div>
    </section>
  );
}
