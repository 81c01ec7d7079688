// The helpdesk path, one click away: where discovery looked, the other settings that
// were found, the servers to change by hand, the full test report with Copy/Save, and
// saving without a passing test as a deliberate, explained choice.
import { useId, useRef, useState } from 'react';
import type { DiscoveryResult } from '../../../shared/model.js';
import type { TestReport } from '../../../shared/probe.js';
import { ManualSettings } from '../components/ManualSettings.js';
import { TestReportView } from '../components/TestReportView.js';
import { Waterfall } from '../components/Waterfall.js';
import type { ManualChoice } from '../flow/state.js';
import { downloadText } from '../lib/download.js';
import { onEscape, useAnnounce } from '../lib/focus.js';
import { shown, type HostFactsMap } from '../lib/hosts.js';
import { reportHtml, reportMarkdown } from '../lib/report.js';
import { SECURITY_WORDS, SOURCE_WORDS } from '../lib/words.js';

export function ReportActions({ report, discovery, secrets }: { report: TestReport; discovery?: DiscoveryResult; secrets: string[] }) {
  const announce = useAnnounce();
  const at = new Date().toISOString();
  const input = { report, at, secrets, ...(discovery ? { discovery } : {}) };
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(reportMarkdown(input));
      announce('The report is copied. Paste it into your message to the helpdesk.');
    } catch {
      announce('Copying was refused by the browser. Use Save report instead.');
    }
  };
  return (
    <div className="button-row">
      <button type="button" onClick={() => void copy()}>
        Copy report
      </button>
      <button type="button" onClick={() => downloadText(`mailsetup-report-${report.email.replace(/[^A-Za-z0-9.@-]/g, '_')}.html`, reportHtml(input))}>
        Save report
      </button>
    </div>
  );
}

export function Details({
  result,
  selected,
  facts,
  current,
  report,
  password,
  onSelect,
  onManual,
  onSaveUntested,
}: {
  result: DiscoveryResult;
  selected: number;
  facts: HostFactsMap | null;
  current: ManualChoice | null;
  report?: TestReport;
  password: string;
  onSelect: (index: number) => void;
  onManual: (m: ManualChoice) => void;
  onSaveUntested: () => void;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  const [confirmUntested, setConfirmUntested] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const close = (): void => {
    setOpen(false);
    toggle.current?.focus();
  };
  const draft: ManualChoice = current ?? { imap: { host: '', port: 993, security: 'tls' }, smtp: { host: '', port: 587, security: 'starttls' }, username: result.email };
  return (
    <div className="details" onKeyDown={onEscape(close, open)}>
      <button type="button" ref={toggle} className="disclosure" aria-expanded={open} aria-controls={`${id}-body`} onClick={() => setOpen(!open)}>
        <span className="arrow" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        Details
      </button>
      {open ? (
        <div id={`${id}-body`} className="details-body">
          <h3>Where MailSetup looked</h3>
          <Waterfall sources={result.sources} />

          {result.configs.length > 1 ? (
            <fieldset className="alternatives">
              <legend>Settings that were found</legend>
              {result.configs.map((c, i) => {
                const imap = c.incoming.find((s) => s.protocol === 'imap');
                const smtp = c.outgoing[0];
                return (
                  <label key={`${c.source}-${i}`} className="check" data-testid={`config-${i}`}>
                    <input type="radio" name={`${id}-config`} checked={i === selected} onChange={() => onSelect(i)} />
                    <span>
                      {imap ? `${shown(imap.host, facts)} (${SECURITY_WORDS[imap.security]}, port ${imap.port})` : 'no incoming server'} and{' '}
                      {smtp ? `${shown(smtp.host, facts)} (${SECURITY_WORDS[smtp.security]}, port ${smtp.port})` : 'no outgoing server'}
                      <span className="muted"> — from {SOURCE_WORDS[c.source]}</span>
                    </span>
                  </label>
                );
              })}
            </fieldset>
          ) : null}

          <h3>Servers</h3>
          {editing ? (
            <ManualSettings
              initial={draft}
              onApply={(m) => {
                onManual(m);
                setEditing(false);
              }}
              onCancel={() => setEditing(false)}
            />
          ) : (
            <div className="button-row">
              <button type="button" onClick={() => setEditing(true)}>
                Change the servers…
              </button>
            </div>
          )}

          {report ? (
            <>
              <h3>Test report</h3>
              <ReportActions report={report} discovery={result} secrets={[password]} />
              <TestReportView report={report} />
            </>
          ) : null}

          <h3>Save without a test</h3>
          <p className="muted">
            Only when the servers cannot be reached from here (for example, they accept connections only inside your office network). Nothing checks the settings or the
            password then.
          </p>
          {confirmUntested ? (
            <div className="button-row" role="group" aria-label="Save without a test?" onKeyDown={onEscape(() => setConfirmUntested(false))}>
              <button type="button" className="danger" onClick={onSaveUntested} disabled={password === '' || current === null} autoFocus>
                Save without testing
              </button>
              <button type="button" onClick={() => setConfirmUntested(false)}>
                Don’t save
              </button>
              {password === '' ? <p className="field-hint">Type the password first.</p> : null}
            </div>
          ) : (
            <div className="button-row">
              <button type="button" onClick={() => setConfirmUntested(true)}>
                Save without a test…
              </button>
            </div>
          )}
        </div>
      ) : null}
    </div>
  );
}
