// The full test report for the helpdesk path (inside Details): every step with its
// time, certificate, login, relay check, folders, diagnoses with their codes, and the
// transcripts (credentials already redacted by the engine).
import type { ServerTestReport, TestReport } from '../../../shared/probe.js';
import { windowFix } from '../../../shared/diagnosis-window.js';
import { serverTitle } from '../lib/report.js';
import { day, duration, plainOrNothing } from '../lib/words.js';
import { Badge } from './Badge.js';

const STEP_WORDS: Record<string, string> = {
  resolve: 'Look up the name',
  connect: 'Connect',
  certificate: 'Check the certificate',
  'relay-check': 'Refuses mail for others without login',
  auth: 'Log in',
  login: 'Log in',
  folders: 'List folders',
  idle: 'Push (IDLE)',
  logout: 'Log out',
};

function ServerDetails({ server }: { server: ServerTestReport }) {
  const cert = server.tls?.chain[0];
  const folders = Object.entries(server.folders ?? {});
  return (
    <section className={`server-report ${server.ok ? 'ok' : 'failed'}`} aria-label={serverTitle(server)}>
      <div className="server-report-head">
        <h4>{serverTitle(server)}</h4>
        <Badge tone={server.ok ? 'good' : 'bad'}>{server.ok ? 'works' : 'failed'}</Badge>
      </div>
      <ol className="steps">
        {server.steps.map((s, i) => (
          <li key={`${s.step}-${i}`} className={s.ok ? 'step-ok' : 'step-bad'}>
            <span className="step-mark" aria-hidden="true">
              {s.ok ? '✓' : '✗'}
            </span>
            <span className="step-name">
              {STEP_WORDS[s.step] ?? s.step}
              <span className="sr-only">{s.ok ? ', passed' : ', failed'}</span>
            </span>
            <span className="step-detail">{s.detail ?? ''}</span>
            <span className="step-ms">{duration(s.ms)}</span>
          </li>
        ))}
      </ol>
      {server.tls ? (
        <p className="fact">
          Encryption: {server.tls.protocol ?? 'unknown'}.{' '}
          {server.tls.validated
            ? 'The certificate is valid for this name.'
            : server.tls.trustedByFingerprint
              ? 'The certificate is not publicly valid, but you trusted exactly this one.'
              : server.tls.hostnameMatches
                ? 'The certificate is not from an authority this computer trusts.'
                : 'The certificate is issued to a different name.'}
          {cert ? ` It is issued to ${cert.subjectAltNames.slice(0, 3).join(', ') || cert.subject} and valid until ${day(cert.validTo)}.` : ''}
        </p>
      ) : null}
      {server.auth?.mechanism ? (
        <p className="fact">
          Login ({server.auth.mechanism}): {server.auth.ok ? 'accepted' : server.auth.attempted ? 'refused' : 'not tried'}
          {server.auth.response ? (
            <>
              {' '}
              — the server said <q>{server.auth.response}</q>
            </>
          ) : null}
        </p>
      ) : null}
      {server.relay?.checked ? <p className="fact">{server.relay.open ? 'Passes on mail for outside addresses without a login (an open relay).' : 'Refuses mail for outside addresses without a login, as it should.'}</p> : null}
      {folders.length > 0 ? <p className="fact">Folders: {folders.map(([use, path]) => `${use.replace(/^\\/, '')} → ${path}`).join(', ')}</p> : null}
      {server.idle !== undefined ? <p className="fact">New mail is pushed (IDLE): {server.idle ? 'yes' : 'no'}</p> : null}
      {server.diagnosis.length > 0 ? (
        <ul className="diagnoses">
          {server.diagnosis.map((d, i) => (
            <li key={`${d.code}-${i}`} className={`diagnosis diagnosis-${d.severity}`}>
              <p>
                <span className="code-chip">{d.code}</span> {d.message}
              </p>
              {(windowFix(d.code, server) ?? plainOrNothing(d.fix)) ? <p className="notice-fix">{windowFix(d.code, server) ?? plainOrNothing(d.fix)}</p> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {server.transcript.length > 0 ? (
        <details className="transcript">
          <summary>Conversation with the server (passwords hidden)</summary>
          <pre tabIndex={0} aria-label={`Conversation with ${server.host}`}>
            {server.transcript.join('\n')}
          </pre>
        </details>
      ) : null}
    </section>
  );
}

export function TestReportView({ report }: { report: TestReport }) {
  return (
    <div className="test-report">
      {report.servers.map((s, i) => (
        <ServerDetails key={`${s.protocol}-${i}`} server={s} />
      ))}
    </div>
  );
}
