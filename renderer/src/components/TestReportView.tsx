import { suggestHostFromCert } from '../../../shared/diagnosis.js';
import type { Protocol } from '../../../shared/model.js';
import type { ServerTestReport, TestProgress, TestReport } from '../../../shared/probe.js';
import { SECURITY_LABELS } from '../lib/labels.js';
import { Badge } from './Badge.js';

/** Called when the user trusts one exact certificate by its SHA-256 fingerprint. */
export type TrustHandler = (fingerprint256: string) => void;
/** Called when the user takes the host name the certificate is really for. */
export type UseHostHandler = (protocol: Protocol, host: string) => void;

/** For a name mismatch: the name on the certificate that fits (server1.hoster.com for mail.hoster.com). */
function betterHost(server: ServerTestReport): string | undefined {
  const names = server.tls?.chain[0]?.subjectAltNames.filter((n) => /[a-z]/i.test(n)) ?? [];
  if (!server.diagnosis.some((d) => d.code === 'CERT_HOSTNAME_MISMATCH') || names.length === 0) return undefined;
  const host = suggestHostFromCert(server.host, names);
  return host && !host.startsWith('*') && host !== server.host ? host : undefined;
}

function ServerReport({ server, onTrust, onUseHost }: { server: ServerTestReport; onTrust?: TrustHandler; onUseHost?: UseHostHandler }) {
  const cert = server.tls?.chain[0];
  const suggested = betterHost(server);
  const untrusted = server.tls !== undefined && !server.tls.validated && !server.tls.trustedByFingerprint && cert !== undefined;
  const folders = Object.entries(server.folders ?? {});
  return (
    <section className={`server-report ${server.ok ? 'ok' : 'failed'}`} aria-label={`${server.protocol} test`}>
      <header className="server-report-head">
        <h4>
          {server.protocol.toUpperCase()} <code>{server.host}</code>:{server.port} <span className="muted">({SECURITY_LABELS[server.security]})</span>
        </h4>
        <Badge tone={server.ok ? 'good' : 'bad'}>{server.ok ? 'works' : 'failed'}</Badge>
      </header>
      <ol className="steps">
        {server.steps.map((s, i) => (
          <li key={`${s.step}-${i}`} className={s.ok ? 'step-ok' : 'step-bad'}>
            <span className="step-mark" aria-hidden="true">
              {s.ok ? '✓' : '✗'}
            </span>
            <span className="step-name">{s.step}</span>
            <span className="sr-only">{s.ok ? 'passed' : 'failed'}</span>
            <span className="step-detail">{s.detail ?? ''}</span>
            <span className="step-ms">{Math.round(s.ms)} ms</span>
          </li>
        ))}
      </ol>
      {server.tls ? (
        <p className="tls-line">
          <span className="muted">TLS:</span> {server.tls.protocol ?? '—'} {server.tls.cipher ?? ''} ·{' '}
          {server.tls.validated ? 'certificate valid' : server.tls.trustedByFingerprint ? 'certificate trusted by fingerprint' : 'certificate NOT validated'}
          {server.tls.hostnameMatches ? '' : ' · name mismatch'}
          {cert ? (
            <>
              {' '}
              · issued to <code>{cert.subjectAltNames.slice(0, 3).join(', ') || cert.subject}</code>, until {cert.validTo}
            </>
          ) : null}
        </p>
      ) : null}
      {server.auth?.mechanism ? (
        <p className="tls-line">
          <span className="muted">Login:</span> {server.auth.mechanism} {server.auth.ok ? 'accepted' : server.auth.attempted ? 'refused' : 'not attempted'}
          {server.auth.response ? <> · <code>{server.auth.response}</code></> : null}
        </p>
      ) : null}
      {server.relay?.checked ? (
        <p className="tls-line">
          <span className="muted">Relay check:</span> {server.relay.open ? 'OPEN RELAY — accepts mail for outside addresses without login' : 'refuses outside mail without login (good)'}
        </p>
      ) : null}
      {folders.length > 0 || server.idle !== undefined ? (
        <p className="tls-line">
          {folders.length > 0 ? (
            <>
              <span className="muted">Folders:</span> {folders.map(([use, path]) => `${use.replace(/^\\/, '')} → ${path}`).join(', ')}
            </>
          ) : null}
          {server.idle !== undefined ? <> {folders.length > 0 ? '· ' : ''}<span className="muted">IDLE (push):</span> {server.idle ? 'yes' : 'no'}</> : null}
        </p>
      ) : null}
      {server.diagnosis.length > 0 ? (
        <ul className="diagnoses">
          {server.diagnosis.map((d, i) => (
            <li key={`${d.code}-${i}`} className={`diagnosis diagnosis-${d.severity}`}>
              <div>
                <code className="code-chip">{d.code}</code> <Badge tone={d.severity === 'error' ? 'bad' : d.severity === 'warning' ? 'warn' : 'neutral'}>{d.severity}</Badge>
              </div>
              <p>{d.message}</p>
              {d.fix ? (
                <p className="notice-fix">
                  <span className="muted">What to do:</span> {d.fix}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {suggested && onUseHost ? (
        <div className="button-row">
          <button type="button" className="primary" onClick={() => onUseHost(server.protocol, suggested)}>
            Use {suggested} for {server.protocol.toUpperCase()} and test again
          </button>
        </div>
      ) : null}
      {untrusted && onTrust && !suggested ? (
        <div className="trust-box">
          <p>
            If you know this certificate is the right one (for example a self-signed certificate of your own server), you can trust exactly it. Compare
            its SHA-256 fingerprint with the one your administrator gives you:
          </p>
          <code className="fingerprint">{cert.fingerprint256}</code>
          <div className="button-row">
            <button type="button" onClick={() => onTrust(cert.fingerprint256)}>
              Trust this certificate and test again
            </button>
          </div>
        </div>
      ) : null}
      {server.transcript.length > 0 ? (
        <details className="transcript">
          <summary>Transcript (passwords redacted)</summary>
          <pre>{server.transcript.join('\n')}</pre>
        </details>
      ) : null}
    </section>
  );
}

export function TestReportView({ report, onTrust, onUseHost }: { report: TestReport; onTrust?: TrustHandler; onUseHost?: UseHostHandler }) {
  return (
    <div className="test-report">
      <div className={`verdict ${report.ok ? 'verdict-ok' : 'verdict-bad'}`} role="status">
        <p>{report.ok ? 'Everything works: you can receive and send mail with these settings.' : 'The test found a problem. Details below.'}</p>
        {report.summary ? <p className="verdict-summary">{report.summary}</p> : null}
      </div>
      {report.servers.map((s, i) => (
        <ServerReport key={`${s.protocol}-${i}`} server={s} onTrust={onTrust} onUseHost={onUseHost} />
      ))}
    </div>
  );
}

/** Steps as they arrive, before the report is complete. */
export function LiveSteps({ progress }: { progress: TestProgress[] }) {
  if (progress.length === 0) {
    return (
      <p className="muted" aria-live="polite">
        <span className="spinner" aria-hidden="true" /> Connecting…
      </p>
    );
  }
  return (
    <ol className="steps live" aria-live="polite">
      {progress.map((p, i) => (
        <li key={i} className={p.step.ok ? 'step-ok' : 'step-bad'}>
          <span className="step-mark" aria-hidden="true">
            {p.step.ok ? '✓' : '✗'}
          </span>
          <span className="step-name">
            {p.protocol.toUpperCase()}: {p.step.step}
          </span>
          <span className="step-detail">{p.step.detail ?? ''}</span>
          <span className="step-ms">{Math.round(p.step.ms)} ms</span>
        </li>
      ))}
    </ol>
  );
}
