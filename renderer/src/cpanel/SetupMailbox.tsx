import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { MailSetupError } from '../../../shared/errors.js';
import type { MailConfig } from '../../../shared/model.js';
import type { ServerSpec, TestReport } from '../../../shared/probe.js';
import type { Transport } from '../api/transport.js';
import { ExportMailbox } from './ExportMailbox.js';
import { PlainNotice } from './PlainNotice.js';
import { TestOutcome } from './TestOutcome.js';

type Stage =
  | { kind: 'idle' }
  | { kind: 'working'; step: string }
  | { kind: 'failed'; error: MailSetupError; lead: string }
  | { kind: 'tested'; report: TestReport; saved: boolean; config: MailConfig };

const spec = (s: { host: string; port: number; security: ServerSpec['security'] }): ServerSpec => ({ host: s.host, port: s.port, security: s.security });

/** "Set up on this computer": settings from cPanel → real test with the password → keychain → a file for the mail program. */
export function SetupMailbox({ api, email, resolver, announce, onClose }: { api: Transport; email: string; resolver: string; announce: (t: string) => void; onClose: () => void }) {
  const id = useId();
  const [password, setPassword] = useState('');
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const heading = useRef<HTMLHeadingElement>(null);
  const result = useRef<HTMLDivElement>(null);
  useEffect(() => heading.current?.focus(), [email]);
  useEffect(() => {
    if (stage.kind === 'tested' || stage.kind === 'failed') result.current?.focus();
  }, [stage.kind]);

  const dns = resolver !== '' ? { resolver } : {};
  const run = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (password === '') return;
    setStage({ kind: 'working', step: 'Asking cPanel for the settings…' });
    announce(`Setting up ${email}: asking cPanel for the settings.`);
    const found = await api.invoke('discover', { email, ...dns });
    const config = found.ok ? found.value.configs[0] : undefined;
    if (!found.ok || !config || config.source !== 'cpanel') {
      const error: MailSetupError = found.ok ? { code: 'DISCOVERY_FAILED', message: 'cPanel did not give the settings of this mailbox.' } : found.error;
      setStage({ kind: 'failed', error, lead: 'The settings could not be read from cPanel.' });
      announce('The settings could not be read from cPanel.');
      return;
    }
    const imap = config.incoming.find((s) => s.protocol === 'imap') ?? config.incoming[0];
    const smtp = config.outgoing[0];
    if (!imap || !smtp) return setStage({ kind: 'failed', error: { code: 'DISCOVERY_FAILED', message: 'cPanel gave no server settings for this mailbox.' }, lead: 'The settings are incomplete.' });
    setStage({ kind: 'working', step: `Testing ${imap.host} with your password…` });
    announce('Testing the connection.');
    const tested = await api.invoke('test', { email, password, imap: spec(imap), smtp: spec(smtp), username: imap.username, ...dns });
    if (!tested.ok) {
      setStage({ kind: 'failed', error: tested.error, lead: 'The test could not run.' });
      announce('The test could not run.');
      return;
    }
    let saved = false;
    if (tested.value.ok) {
      setStage({ kind: 'working', step: 'Saving to your keychain…' });
      const stored = await api.invoke('save', { email, password, imap: spec(imap), smtp: spec(smtp), username: imap.username, source: 'cpanel', ...dns });
      if (!stored.ok) {
        setStage({ kind: 'failed', error: stored.error, lead: 'The test passed, but the account could not be saved.' });
        announce('The account could not be saved.');
        return;
      }
      saved = true;
      setPassword('');
    }
    setStage({ kind: 'tested', report: tested.value, saved, config });
    announce(saved ? `${email} works and is saved on this computer.` : `${email} did not pass the connection test.`);
  };

  return (
    <section className="cp-sub" aria-labelledby={`${id}-h`}>
      <div className="cp-sub-head">
        <h3 id={`${id}-h`} ref={heading} tabIndex={-1}>
          Set up {email} on this computer
        </h3>
        <button type="button" className="ghost" onClick={onClose}>
          Close
        </button>
      </div>
      <form onSubmit={(e) => void run(e)} noValidate>
        <label htmlFor={`${id}-pw`} className="field-label">
          Password of this mailbox
        </label>
        <div className="input-row">
          <input id={`${id}-pw`} type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} disabled={stage.kind === 'working'} />
          <button type="submit" className="primary" disabled={stage.kind === 'working' || password === ''}>
            {stage.kind === 'working' ? 'Working…' : 'Test and save'}
          </button>
        </div>
        <p className="field-hint">The password is tested against the real servers, then kept in your system keychain.</p>
      </form>
      {stage.kind === 'working' ? (
        <p className="muted">
          <span className="spinner" aria-hidden="true" /> {stage.step}
        </p>
      ) : null}
      <div ref={result} tabIndex={-1} className="cp-result">
        {stage.kind === 'failed' ? <PlainNotice error={stage.error} lead={stage.lead} /> : null}
        {stage.kind === 'tested' ? (
          <>
            <p className="muted">
              Settings from your hosting account: receiving on {stage.config.incoming[0]?.host}, sending on {stage.config.outgoing[0]?.host}.
            </p>
            <TestOutcome report={stage.report} />
            {stage.saved ? (
              <>
                <p className="notice notice-ok">Saved: the password is in your system keychain.</p>
                <ExportMailbox api={api} email={email} announce={announce} />
              </>
            ) : null}
          </>
        ) : null}
      </div>
    </section>
  );
}
