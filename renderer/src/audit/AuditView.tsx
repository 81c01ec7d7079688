// The domain audit in the window: a domain field, the checks appearing as they finish,
// grouped as in the report card with the fix under each, then "Save report" (HTML) and
// "Copy as Markdown". Same `audit` request and `audit:progress` events as every door.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { countsOf, groupChecks, verdictOf, type AuditCheck, type AuditReport } from '../../../shared/audit.js';
import { reportHtml, reportMarkdown } from '../../../shared/audit-format.js';
import { parseEmail, toAsciiDomain } from '../../../shared/email.js';
import type { MailSetupError } from '../../../shared/errors.js';
import type { Transport } from '../api/transport.js';
import { downloadBlob } from '../lib/download.js';
import { useAnnounce } from '../lib/focus.js';
import { plainDetail, plainFix, STATUS_LABEL, where } from './plain-words.js';
import './audit.css';

type State =
  | { kind: 'idle' }
  | { kind: 'running'; domain: string; checks: AuditCheck[] }
  | { kind: 'done'; report: AuditReport }
  | { kind: 'failed'; error: MailSetupError };

function download(name: string, text: string, type: string): void {
  downloadBlob(name, new Blob([text], { type }));
}

const VERDICT_WORDS = { pass: 'No problems found', warn: 'Works, with warnings', fail: 'Problems found' } as const;

function CheckItem({ check }: { check: AuditCheck }) {
  const fix = plainFix(check);
  const port = where(check);
  return (
    <li className={`audit-check audit-${check.status}`}>
      <div className="audit-line">
        <span className={`audit-status audit-status-${check.status}`}>{STATUS_LABEL[check.status]}</span>
        <span className="audit-title">
          {check.title}
          {port ? <span className="muted"> · {port}</span> : null}
        </span>
      </div>
      <p className="audit-detail">{plainDetail(check)}</p>
      {fix ? (
        <div className="audit-fix">
          <span className="audit-fix-label">What to do</span>
          <pre>{fix}</pre>
        </div>
      ) : null}
    </li>
  );
}

export function AuditView({ api, onClose }: { api: Transport; onClose: () => void }) {
  const [target, setTarget] = useState('');
  const [resolver, setResolver] = useState('');
  const [state, setState] = useState<State>({ kind: 'idle' });
  // The window's one polite live region (App) speaks for this view too.
  const setAnnouncement = useAnnounce();
  const summaryRef = useRef<HTMLHeadingElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const run = useRef(0);
  const id = useId();

  useEffect(() => inputRef.current?.focus(), []);
  useEffect(
    () =>
      api.on('audit:progress', (p) => {
        setState((s) => (s.kind === 'running' && p.domain === s.domain ? { ...s, checks: [...s.checks, p.check] } : s));
      }),
    [api],
  );
  // Screen readers hear progress now and then, not every single check.
  const doneCount = state.kind === 'running' ? state.checks.length : 0;
  useEffect(() => {
    if (doneCount > 0 && doneCount % 10 === 0) setAnnouncement(`${doneCount} checks done`);
  }, [doneCount]);
  useEffect(() => {
    if (state.kind === 'done') summaryRef.current?.focus();
  }, [state.kind]);

  const start = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const value = target.trim();
    if (!value) {
      setState({ kind: 'failed', error: { code: 'BAD_INPUT', message: 'Type a domain like example.com, or an email address.' } });
      return;
    }
    const parsed = value.includes('@') ? parseEmail(value) : null;
    const domain = parsed ? (parsed.ok ? parsed.value.domain : null) : toAsciiDomain(value);
    if (!domain) {
      setState({ kind: 'failed', error: { code: 'BAD_INPUT', message: `“${value.slice(0, 80)}” is not a domain or an email address. Type a domain like example.com.` } });
      return;
    }
    const mine = ++run.current;
    setState({ kind: 'running', domain, checks: [] });
    setAnnouncement(`Checking ${value}. This takes a few seconds.`);
    const reply = await api.invoke('audit', { target: value, ...(resolver.trim() ? { resolver: resolver.trim() } : {}) });
    if (mine !== run.current) return;
    if (reply.ok) {
      setState({ kind: 'done', report: reply.value });
      const c = reply.value.counts;
      setAnnouncement(`Finished: ${VERDICT_WORDS[reply.value.verdict]}. ${c.pass} passed, ${c.warn} warnings, ${c.fail} failed.`);
    } else {
      setState({ kind: 'failed', error: reply.error });
      setAnnouncement(`The check could not run: ${reply.error.message}`);
    }
  };

  const checks = state.kind === 'running' ? state.checks : state.kind === 'done' ? state.report.checks : [];
  const counts = countsOf(checks);
  const [copied, setCopied] = useState(false);
  const copy = async (report: AuditReport): Promise<void> => {
    try {
      await navigator.clipboard.writeText(reportMarkdown(report));
      setCopied(true);
      setAnnouncement('The report was copied as Markdown.');
    } catch {
      setAnnouncement('Copying is not allowed here; use Save report instead.');
    }
  };

  return (
    <section className="card audit-view" aria-labelledby={`${id}-h`}>
      <header className="card-head audit-head">
        <h2 id={`${id}-h`}>Check a domain&apos;s mail security</h2>
        <button type="button" className="link-button" onClick={onClose}>
          Back to account setup
        </button>
      </header>
      <p className="muted">
        Checks the domain&rsquo;s mail records and servers: sending on port 587, no open relay, encryption and certificates, SPF, DKIM, DMARC and MTA-STS.
        No password and no message is sent.
      </p>
      <form className="audit-form" onSubmit={(e) => void start(e)} noValidate>
        <label htmlFor={`${id}-domain`} className="field-label">
          Domain or email address
        </label>
        <div className="input-row">
          <input
            ref={inputRef}
            id={`${id}-domain`}
            type="text"
            inputMode="url"
            spellCheck={false}
            autoComplete="off"
            placeholder="example.com"
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            disabled={state.kind === 'running'}
            aria-invalid={state.kind === 'failed' && state.error.code === 'BAD_INPUT'}
          />
          <button type="submit" className="primary" disabled={state.kind === 'running'}>
            {state.kind === 'running' ? 'Checking…' : 'Check'}
          </button>
        </div>
        <details className="advanced">
          <summary>Advanced</summary>
          <label htmlFor={`${id}-resolver`} className="field-label">
            DNS server <span className="muted">(address and optional port; used for every lookup)</span>
          </label>
          <input
            id={`${id}-resolver`}
            type="text"
            spellCheck={false}
            placeholder="system default"
            value={resolver}
            onChange={(e) => setResolver(e.target.value)}
            disabled={state.kind === 'running'}
          />
        </details>
      </form>
      {state.kind === 'failed' ? (
        <p className="field-error" role="alert">
          {state.error.message}
        </p>
      ) : null}
      {state.kind === 'running' || state.kind === 'done' ? (
        <div className="audit-results" aria-busy={state.kind === 'running'}>
          <h3 ref={summaryRef} tabIndex={-1} className={`audit-summary audit-verdict-${state.kind === 'done' ? state.report.verdict : verdictOf(checks)}`}>
            {state.kind === 'done' ? `${VERDICT_WORDS[state.report.verdict]} for ${state.report.domain}` : `Checking ${state.domain}…`}
            <span className="audit-counts">
              {' '}
              {counts.pass} passed · {counts.warn} warnings · {counts.fail} failed
            </span>
          </h3>
          {state.kind === 'done' ? (
            <div className="audit-actions">
              <button type="button" onClick={() => download(`mail-audit-${state.report.domain}.html`, reportHtml(state.report), 'text/html')}>
                Save report
              </button>
              <button type="button" onClick={() => void copy(state.report)}>
                {copied ? 'Copied' : 'Copy as Markdown'}
              </button>
            </div>
          ) : null}
          {groupChecks(checks).map((g) => (
            <section key={g.key} className="audit-group" aria-label={g.title}>
              <h4>{g.title}</h4>
              <ul>
                {g.checks.map((c) => (
                  <CheckItem key={`${c.id}@${c.host ?? ''}`} check={c} />
                ))}
              </ul>
            </section>
          ))}
        </div>
      ) : null}
    </section>
  );
}
