import type { TestReport } from '../../../shared/probe.js';

const WHAT = { imap: 'Receiving (IMAP)', pop3: 'Receiving (POP3)', smtp: 'Sending (SMTP)' } as const;

/** The connection test in plain words: each server, and what to do when one failed. */
export function TestOutcome({ report }: { report: TestReport }) {
  return (
    <div className={`notice ${report.ok ? 'notice-ok' : 'notice-error'}`} role={report.ok ? 'status' : 'alert'}>
      <p className="notice-message">
        <strong>{report.ok ? 'The connection test passed: this mailbox can send and receive.' : 'The connection test did not pass.'}</strong>
      </p>
      <ul className="cp-servers">
        {report.servers.map((s) => (
          <li key={`${s.protocol}-${s.port}`}>
            {WHAT[s.protocol]} on {s.host}, port {s.port}: {s.ok ? 'works' : (s.diagnosis[0]?.message ?? 'failed')}
            {!s.ok && s.diagnosis[0]?.fix ? <span className="muted"> {s.diagnosis[0].fix}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
