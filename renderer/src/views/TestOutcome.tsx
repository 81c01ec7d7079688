// A failed check that leads somewhere: what went wrong per server in plain words, and
// the one next step that fits: the certificate's own name (only when that name
// resolves), the other submission port, trusting one exact certificate, the password.
import { useId, useState, type ReactNode } from 'react';
import { suggestHostFromCert } from '../../../shared/diagnosis.js';
import { windowFix } from '../../../shared/diagnosis-window.js';
import type { ServerSpec, ServerTestReport, TestReport } from '../../../shared/probe.js';
import type { Transport } from '../api/transport.js';
import type { ManualChoice } from '../flow/state.js';
import { owner, shown, useHostFacts } from '../lib/hosts.js';
import { plainMessage, plainOrNothing, PROTOCOL_NOUNS } from '../lib/words.js';

export interface Retry {
  servers?: ManualChoice;
  trust?: string;
}

function mismatchOf(servers: ServerTestReport[]): { host: string; better: string } | null {
  for (const s of servers) {
    if (!s.diagnosis.some((d) => d.code === 'CERT_HOSTNAME_MISMATCH')) continue;
    const names = s.tls?.chain[0]?.subjectAltNames.filter((n) => /[a-z]/i.test(n)) ?? [];
    const better = suggestHostFromCert(s.host, names);
    if (better && !better.startsWith('*') && better !== s.host) return { host: s.host, better };
  }
  return null;
}

function blockedSubmission(servers: ServerTestReport[]): ServerSpec | null {
  const smtp = servers.find((s) => s.protocol === 'smtp' && s.diagnosis.some((d) => d.code === 'CONNECTION_TIMEOUT' || d.code === 'CONNECTION_REFUSED'));
  if (!smtp || (smtp.port !== 587 && smtp.port !== 465)) return null;
  return smtp.port === 587 ? { host: smtp.host, port: 465, security: 'tls' } : { host: smtp.host, port: 587, security: 'starttls' };
}

export function TestOutcome({
  api,
  report,
  current,
  resolver,
  fallback,
  onRetry,
}: {
  api: Transport;
  report: TestReport;
  current: ManualChoice;
  resolver: string;
  /** The plain "Verify and save" (with the password field): shown when no specific next step fits. */
  fallback?: ReactNode;
  onRetry: (retry: Retry) => void;
}) {
  const id = useId();
  const failed = report.servers.filter((s) => !s.ok);
  const mismatch = mismatchOf(failed);
  const facts = useHostFacts(api, mismatch ? [mismatch.host, mismatch.better] : [], resolver, true);
  const resolves = mismatch !== null && facts?.get(mismatch.better)?.resolves === true;
  const [useBetter, setUseBetter] = useState(true);
  const [trustIt, setTrustIt] = useState(false);
  const port = blockedSubmission(failed);
  const untrusted = failed.find((s) => s.diagnosis.some((d) => d.code === 'CERT_UNTRUSTED') && s.tls?.chain[0]);

  const betterServers = (): ManualChoice | null => {
    if (!mismatch) return null;
    const swap = (s: ServerSpec): ServerSpec => (s.host === mismatch.host ? { ...s, host: mismatch.better } : s);
    return { ...current, imap: swap(current.imap), smtp: swap(current.smtp) };
  };
  const both = current.imap.host === mismatch?.host && current.smtp.host === mismatch.host;

  return (
    <div className="outcome">
      <ul className="problems">
        {failed.map((s, i) => {
          const d = s.diagnosis.find((x) => x.severity === 'error') ?? s.diagnosis[0];
          const fixOf = (server: ServerTestReport): string | undefined => {
            const first = server.diagnosis.find((x) => x.severity === 'error') ?? server.diagnosis[0];
            return first ? (windowFix(first.code, server) ?? plainOrNothing(first.fix)) : undefined;
          };
          // The same advice for both servers is said once, after the last of them.
          const fix = failed.slice(i + 1).some((later) => fixOf(later) === fixOf(s)) ? undefined : fixOf(s);
          return (
            <li key={s.protocol}>
              <strong>{PROTOCOL_NOUNS[s.protocol]}:</strong> {d ? plainMessage(d.message) : 'did not work.'}
              {fix && !(mismatch && resolves) ? <span className="fix"> {fix}</span> : null}
            </li>
          );
        })}
      </ul>

      {mismatch && resolves ? (
        <div className="choice" role="group" aria-labelledby={`${id}-cert`}>
          <p id={`${id}-cert`}>
            The server’s certificate is for <strong>{shown(mismatch.better, facts)}</strong> (run by {owner(mismatch.better, facts)}), not for{' '}
            <strong>{shown(mismatch.host, facts)}</strong> (run by {owner(mismatch.host, facts)}). This is common with shared hosting: the server is reached under its own
            name.
          </p>
          <label className="check">
            <input type="checkbox" checked={useBetter} onChange={(e) => setUseBetter(e.target.checked)} />
            Use {shown(mismatch.better, facts)} for {both ? 'incoming and outgoing mail' : current.imap.host === mismatch.host ? 'incoming mail' : 'outgoing mail'}
          </label>
          <div className="button-row">
            <button type="button" className="primary" disabled={!useBetter} onClick={() => onRetry({ servers: betterServers() ?? current })}>
              Verify and save
            </button>
          </div>
        </div>
      ) : null}

      {port ? (
        <div className="choice">
          <p>Port {port.port === 465 ? 587 : 465} may be blocked on this network. Many providers also accept port {port.port}.</p>
          <div className="button-row">
            <button type="button" className="primary" onClick={() => onRetry({ servers: { ...current, smtp: port } })}>
              Try port {port.port} and verify again
            </button>
          </div>
        </div>
      ) : null}

      {untrusted && !mismatch ? (
        <div className="choice" role="group" aria-labelledby={`${id}-trust`}>
          <p id={`${id}-trust`}>
            If {untrusted.host} is your own server or your provider confirms its certificate, you can trust exactly this certificate. Compare its fingerprint with the
            one you were given:
          </p>
          <code className="fingerprint">{untrusted.tls?.chain[0]?.fingerprint256}</code>
          <label className="check">
            <input type="checkbox" checked={trustIt} onChange={(e) => setTrustIt(e.target.checked)} />
            The fingerprint matches; trust this certificate
          </label>
          <div className="button-row">
            <button type="button" className="primary" disabled={!trustIt} onClick={() => onRetry({ trust: untrusted.tls?.chain[0]?.fingerprint256 ?? '' })}>
              Verify and save
            </button>
          </div>
        </div>
      ) : null}

      {(mismatch && resolves) || port || (untrusted && !mismatch) ? null : fallback}
    </div>
  );
}
