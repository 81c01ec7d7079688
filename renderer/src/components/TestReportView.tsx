import type { ServerTestReport, TestProgress, TestReport } from '../../../shared/probe.js';
import { SECURITY_LABELS } from '../lib/labels.js';
import { Badge } from './Badge.js';

function ServerReport({ server }: { server: ServerTestReport }) {
  const cert = server.tls?.chain[0];
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
          {server.tls.validated ? 'certificate valid' : 'certificate NOT validated'}
          {server.tls.hostnameMatches ? '' : ' · name mismatch'}
          {cert ? (
            <>
              {' '}
              · issued to <code>{cert.subjectAltNames.slice(0, 3).join(', ') || cert.subject}</code>, until {cert.validTo}
            </>
          ) : null}
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
      {server.transcript.length > 0 ? (
        <details className="transcript">
          <summary>Transcript (passwords redacted)</summary>
          <pre>{server.transcript.join('\n')}</pre>
        </details>
      ) : null}
    </section>
  );
}

export function TestReportView({ report }: { report: TestReport }) {
  return (
    <div className="test-report">
      <p className={`verdict ${report.ok ? 'verdict-ok' : 'verdict-bad'}`} role="status">
        {report.ok ? 'Everything works: you can receive and send mail with these settings.' : 'The test found a problem. Details below.'}
      </p>
      {report.servers.map((s, i) => (
        <ServerReport key={`${s.protocol}-${i}`} server={s} />
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
