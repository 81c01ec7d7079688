import { useEffect, useId, useRef, useState } from 'react';
import { describeAuthState, type CpanelDeliverabilityParams, type CpanelDeliverabilityResult } from '../../../shared/cpanel.js';
import type { MailSetupError } from '../../../shared/errors.js';
import type { Transport } from '../api/transport.js';
import { PlainNotice } from './PlainNotice.js';

const ROWS = [
  { kind: 'spf', name: 'Sender policy (SPF)' },
  { kind: 'dkim', name: 'Signing key (DKIM)' },
  { kind: 'ptr', name: 'Reverse DNS' },
] as const;

type Change = { what: 'dkim' } | { what: 'spf'; current: string | null; record: string };

/** SPF, DKIM and reverse DNS as cPanel checks them, with the fixes cPanel can make (shown and confirmed first). */
export function DeliverabilityPanel({ api, domains, connection, announce }: { api: Transport; domains: string[]; connection: string; announce: (t: string) => void }) {
  const id = useId();
  const [domain, setDomain] = useState(domains[0] ?? '');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<CpanelDeliverabilityResult | null>(null);
  const [error, setError] = useState<MailSetupError | null>(null);
  const [pending, setPending] = useState<Change | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const confirmBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (pending) confirmBox.current?.focus();
  }, [pending]);

  const check = async (extra: Partial<CpanelDeliverabilityParams> = {}): Promise<void> => {
    setBusy(true);
    setError(null);
    setPending(null);
    const reply = await api.invoke('cpanelDeliverability', { domain, connection, ...extra });
    setBusy(false);
    if (!reply.ok) {
      setError(reply.error);
      announce('The check did not work.');
    } else {
      setResult(reply.value);
      const bad = ROWS.filter((r) => reply.value[r.kind].state !== 'VALID').length;
      announce(`${reply.value.changed.length > 0 ? 'Changed. ' : ''}${bad === 0 ? `Everything is in order for ${domain}.` : `${bad} of 3 checks need attention for ${domain}.`}`);
    }
    box.current?.focus();
  };

  return (
    <section className="cp-sub" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Will mail from this domain arrive?</h3>
      <div className="input-row">
        <label htmlFor={`${id}-domain`} className="sr-only">
          Domain to check
        </label>
        <select id={`${id}-domain`} value={domain} onChange={(e) => { setDomain(e.target.value); setResult(null); }} disabled={busy}>
          {domains.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => void check()} disabled={busy || domain === ''}>
          {busy ? 'Checking…' : 'Check'}
        </button>
      </div>
      <div ref={box} tabIndex={-1} className="cp-result">
        {error ? <PlainNotice error={error} /> : null}
        {result && result.domain === domain ? (
          <>
            <ul className="cp-auth">
              {ROWS.map((r) => {
                const record = result[r.kind];
                const ok = record.state === 'VALID';
                const words = describeAuthState(r.kind, typeof record.state === 'string' ? record.state : undefined);
                return (
                  <li key={r.kind} className={ok ? 'cp-ok' : 'cp-bad'}>
                    <span className="cp-auth-name">{r.name}</span>
                    <span className={`badge ${ok ? 'badge-good' : 'badge-bad'}`}>{ok ? 'In order' : 'Needs attention'}</span>
                    <span className="cp-auth-text">
                      {words.meaning}
                      {!ok && words.fix ? <span className="muted"> {words.fix}</span> : null}
                    </span>
                  </li>
                );
              })}
            </ul>
            {result.changed.length > 0 ? <p className="notice notice-ok" role="status">Done: {result.changed.length === 1 ? 'one change was made' : `${result.changed.length} changes were made`} through cPanel.</p> : null}
            <div className="button-row">
              {result.dkimEnableSuggested ? (
                <button type="button" onClick={() => setPending({ what: 'dkim' })} disabled={busy}>
                  Turn on DKIM…
                </button>
              ) : null}
              {result.proposedSpf ? (
                <button type="button" onClick={() => setPending({ what: 'spf', ...result.proposedSpf! })} disabled={busy}>
                  {result.proposedSpf.current ? 'Fix the SPF record…' : 'Add an SPF record…'}
                </button>
              ) : null}
            </div>
          </>
        ) : null}
      </div>
      {pending ? (
        <div ref={confirmBox} tabIndex={-1} className="notice notice-warn" role="group" aria-label="Confirm the change">
          <p>
            <strong>This changes the DNS of {domain} through cPanel:</strong>
          </p>
          {pending.what === 'dkim' ? (
            <p>cPanel makes a signing key if there is none and publishes it, so receivers can check your mail really comes from you.</p>
          ) : (
            <>
              {pending.current ? (
                <p>
                  Now: <code className="cp-record">{pending.current}</code>
                </p>
              ) : null}
              <p>
                {pending.current ? 'Becomes' : 'New record'}: <code className="cp-record">{pending.record}</code>
              </p>
            </>
          )}
          <div className="button-row">
            <button type="button" className="primary" onClick={() => void check(pending.what === 'dkim' ? { enableDkim: true } : { installSpf: pending.record })}>
              Make this change
            </button>
            <button type="button" className="ghost" onClick={() => setPending(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
