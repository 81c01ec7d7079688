import { useEffect, useRef, useState } from 'react';
import type { DiscoverParams } from '../../shared/discover.js';
import { parseEmail } from '../../shared/email.js';
import type { MailSetupError } from '../../shared/errors.js';
import type { DiscoveryResult, IncomingServer, MailConfig, OutgoingServer, SourceName, SourceReport } from '../../shared/model.js';
import type { ServerSpec, TestParams, TestProgress, TestReport } from '../../shared/probe.js';
import type { Transport } from './api/transport.js';
import { AccountsPanel } from './components/AccountsPanel.js';
import { AddressStep, type AddressSubmit } from './components/AddressStep.js';
import { Badge } from './components/Badge.js';
import { ConfigChoice } from './components/ConfigChoice.js';
import { ErrorNotice } from './components/ErrorNotice.js';
import { ExportPanel } from './components/ExportPanel.js';
import { PasswordStep } from './components/PasswordStep.js';
import { SourceProgress } from './components/SourceProgress.js';
import { LiveSteps, TestReportView } from './components/TestReportView.js';
import { ManualSettings, type ManualChoice } from './components/ManualSettings.js';
import { ServerTable } from './components/ServerTable.js';
import { StepCard } from './components/StepCard.js';
import type { Protocol } from '../../shared/model.js';
import { AuditView } from './audit/AuditView.js';

type Discovery =
  | { kind: 'idle' }
  | { kind: 'running'; email: string; sources: SourceReport[] }
  | { kind: 'done'; result: DiscoveryResult }
  | { kind: 'failed'; error: MailSetupError; sources: SourceReport[] };

type Action =
  | { kind: 'idle' }
  | { kind: 'testing'; progress: TestProgress[] }
  | { kind: 'tested'; report: TestReport }
  | { kind: 'saving' }
  | { kind: 'saved'; email: string }
  | { kind: 'failed'; what: 'test' | 'save'; error: MailSetupError };

function spec(server: IncomingServer | OutgoingServer | undefined): ServerSpec | undefined {
  return server ? { host: server.host, port: server.port, security: server.security } : undefined;
}

type ServerChoice = Pick<TestParams, 'imap' | 'smtp' | 'username'>;

/** The test/save parameters for a chosen configuration: its first IMAP and first outgoing server. */
function serverChoice(config: MailConfig): ServerChoice {
  const imap = config.incoming.find((s) => s.protocol === 'imap');
  const smtp = config.outgoing[0];
  const username = imap?.username ?? smtp?.username;
  return { imap: spec(imap), smtp: spec(smtp), ...(username ? { username } : {}) };
}

function upsertSource(list: SourceReport[], report: SourceReport): SourceReport[] {
  const rest = list.filter((s) => s.source !== report.source);
  return [...rest, report];
}

const SOURCE_ORDER: SourceName[] = ['local-override', 'ispdb-bundled', 'ispdb', 'autoconfig', 'srv', 'mx', 'autodiscover', 'guess'];
const bySourceOrder = (a: SourceReport, b: SourceReport): number => SOURCE_ORDER.indexOf(a.source) - SOURCE_ORDER.indexOf(b.source);

export function App({ api, door }: { api: Transport; door: 'desktop' | 'browser' }) {
  const [discovery, setDiscovery] = useState<Discovery>({ kind: 'idle' });
  const [inputError, setInputError] = useState<string | null>(null);
  const [selected, setSelected] = useState(0);
  const [approved, setApproved] = useState(false);
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [action, setAction] = useState<Action>({ kind: 'idle' });
  const [accountsKey, setAccountsKey] = useState(0);
  const [exportEmail, setExportEmail] = useState('');
  const [resolver, setResolver] = useState('');
  const [trusted, setTrusted] = useState<string[]>([]);
  const [manual, setManual] = useState<ManualChoice | null>(null);
  const [editing, setEditing] = useState(false);
  const [auditing, setAuditing] = useState(false);
  const run = useRef(0);

  // Live progress of whichever request is running; stale runs are ignored.
  useEffect(() => {
    const offDiscover = api.on('discover:progress', (p) => {
      setDiscovery((d) => (d.kind === 'running' && p.email === d.email ? { ...d, sources: upsertSource(d.sources, p.source) } : d));
    });
    const offTest = api.on('test:progress', (p) => {
      setAction((a) => (a.kind === 'testing' ? { ...a, progress: [...a.progress, p] } : a));
    });
    return () => {
      offDiscover();
      offTest();
    };
  }, [api]);

  const discover = async ({ email, offline, noGuess, resolver: dns }: AddressSubmit): Promise<void> => {
    const parsed = parseEmail(email);
    if (!parsed.ok) {
      setInputError(parsed.error.message);
      return;
    }
    setInputError(null);
    const id = ++run.current;
    setDiscovery({ kind: 'running', email: parsed.value.email, sources: [] });
    setSelected(0);
    setApproved(false);
    setTrusted([]);
    setManual(null);
    setEditing(false);
    setAction({ kind: 'idle' });
    setExportEmail(parsed.value.email);
    setResolver(dns);
    const params: DiscoverParams = {
      email: parsed.value.email,
      ...(offline ? { offline: true } : {}),
      ...(noGuess && !offline ? { noGuess: true } : {}),
      ...(dns !== '' ? { resolver: dns } : {}),
    };
    const reply = await api.invoke('discover', params);
    if (id !== run.current) return;
    if (!reply.ok) {
      setDiscovery((d) => ({ kind: 'failed', error: reply.error, sources: d.kind === 'running' ? d.sources : [] }));
      if (reply.error.code === 'BAD_INPUT') setInputError(reply.error.message);
      return;
    }
    setDiscovery({ kind: 'done', result: reply.value });
  };

  const result = discovery.kind === 'done' ? discovery.result : null;
  const chosen = result?.configs[selected];
  // Settings the user typed are theirs to trust; discovered ones may need confirming.
  const choice: ServerChoice | null = manual ?? (chosen ? serverChoice(chosen) : null);
  const blockedReason =
    manual !== null
      ? null
      : chosen === undefined
        ? 'Find the settings first, or enter them yourself.'
        : !chosen.secure && !approved
          ? 'Confirm the insecure settings above before using your password with them.'
          : null;

  /** A starting point for the manual form: the current choice, else the usual names. */
  const manualDraft = (): ManualChoice => ({
    imap: choice?.imap ?? { host: result ? `imap.${result.domain}` : '', port: 993, security: 'tls' },
    smtp: choice?.smtp ?? { host: result ? `smtp.${result.domain}` : '', port: 587, security: 'starttls' },
    username: choice?.username ?? result?.email ?? '',
  });

  const test = async (trust: string[] = trusted, using: ServerChoice | null = choice): Promise<void> => {
    if (!result || !using || (blockedReason && using === choice)) return;
    setAction({ kind: 'testing', progress: [] });
    const reply = await api.invoke('test', {
      email: result.email,
      password,
      ...using,
      ...(resolver !== '' ? { resolver } : {}),
      ...(trust.length > 0 ? { trustFingerprints: trust } : {}),
    });
    setAction(reply.ok ? { kind: 'tested', report: reply.value } : { kind: 'failed', what: 'test', error: reply.error });
    setAccountsKey((k) => k + 1);
  };

  /** The one-click fix for a certificate issued to another name (the cPanel case). */
  const useHost = (protocol: Protocol, host: string): void => {
    const base = manualDraft();
    const next: ManualChoice = protocol === 'smtp' ? { ...base, smtp: { ...base.smtp, host } } : { ...base, imap: { ...base.imap, host } };
    setManual(next);
    setEditing(false);
    void test(trusted, next);
  };

  const save = async (): Promise<void> => {
    if (!result || !choice || blockedReason) return;
    setAction({ kind: 'saving' });
    const name = displayName.trim();
    const reply = await api.invoke('save', {
      email: result.email,
      password,
      ...choice,
      ...(name ? { displayName: name } : {}),
      ...(resolver !== '' ? { resolver } : {}),
    });
    if (reply.ok) {
      setAction({ kind: 'saved', email: reply.value.email });
      setPassword('');
      setAccountsKey((k) => k + 1);
    } else {
      setAction({ kind: 'failed', what: 'save', error: reply.error });
    }
  };

  const sources = discovery.kind === 'running' || discovery.kind === 'failed' ? discovery.sources : discovery.kind === 'done' ? discovery.result.sources : [];

  return (
    <div className="app">
      <header className="topbar">
        <h1 className="brand">
          <span className="logo" aria-hidden="true">
            @
          </span>
          <span>MailSetup</span>
        </h1>
        <span className="door muted">{door === 'desktop' ? 'Desktop app' : 'Local session · 127.0.0.1 only'}</span>
      </header>
      <main className="layout">
        {auditing ? (
          <div className="flow">
            <AuditView
              api={api}
              onClose={() => {
                setAuditing(false);
                requestAnimationFrame(() => document.getElementById('audit-open')?.focus());
              }}
            />
          </div>
        ) : (
        <div className="flow">
          <StepCard step={1} title="Your email address">
            <AddressStep busy={discovery.kind === 'running'} onSubmit={(s) => void discover(s)} inputError={inputError} />
            <button type="button" id="audit-open" className="link-button" onClick={() => setAuditing(true)}>
              Check a domain&apos;s mail security
            </button>
            {discovery.kind !== 'idle' ? (
              <div className="discovery-status">
                <h3 className="sub-title">
                  Sources{' '}
                  {discovery.kind === 'running' ? (
                    <Badge tone="busy">searching</Badge>
                  ) : discovery.kind === 'done' ? (
                    <Badge tone={discovery.result.configs.length > 0 ? 'good' : 'bad'}>{discovery.result.configs.length > 0 ? 'done' : 'nothing found'}</Badge>
                  ) : null}
                </h3>
                <SourceProgress
                  sources={[...sources].sort(bySourceOrder)}
                  running={discovery.kind === 'running'}
                  pending={SOURCE_ORDER.filter((name) => !sources.some((s) => s.source === name))}
                />
              </div>
            ) : null}
            {discovery.kind === 'failed' && discovery.error.code !== 'BAD_INPUT' ? <ErrorNotice error={discovery.error} title="Could not look up the settings" /> : null}
          </StepCard>

          {result ? (
            <StepCard
              step={2}
              title={
                <>
                  Settings for <code>{result.domain}</code>
                </>
              }
            >
              {editing ? (
                <ManualSettings
                  initial={manualDraft()}
                  onApply={(c) => {
                    setManual(c);
                    setEditing(false);
                  }}
                  onCancel={() => setEditing(false)}
                />
              ) : manual ? (
                <article className="config-card selected" data-testid="config-manual">
                  <header className="config-head">
                    <span className="config-title">Your settings</span>
                    <div className="config-badges">
                      <span className="badge badge-good">entered by you</span>
                    </div>
                  </header>
                  <ServerTable
                    servers={[
                      { protocol: 'imap', ...manual.imap, username: manual.username, auth: [] },
                      { protocol: 'smtp', ...manual.smtp, username: manual.username, auth: [] },
                    ]}
                  />
                </article>
              ) : result.configs.length === 0 ? (
                <div className="notice notice-error" role="alert">
                  <p>
                    <strong>No settings were found for {result.domain}.</strong> Ask your provider for the IMAP and SMTP server names and enter
                    them below, or try again without the offline switch.
                  </p>
                </div>
              ) : (
                <ConfigChoice
                  result={result}
                  selected={selected}
                  onSelect={(i) => {
                    setSelected(i);
                    setApproved(false);
                  }}
                  approved={approved}
                  onApprove={setApproved}
                />
              )}
              {!editing ? (
                <div className="button-row">
                  <button type="button" className="ghost" onClick={() => setEditing(true)}>
                    {manual ? 'Edit your settings…' : result.configs.length === 0 ? 'Enter the servers yourself…' : 'Edit these settings…'}
                  </button>
                  {manual && result.configs.length > 0 ? (
                    <button type="button" className="ghost" onClick={() => setManual(null)}>
                      Back to the discovered settings
                    </button>
                  ) : null}
                </div>
              ) : null}
            </StepCard>
          ) : null}

          {result && choice ? (
            <StepCard step={3} title="Test and save">
              <PasswordStep
                password={password}
                onPassword={setPassword}
                onTest={() => void test()}
                onSave={() => void save()}
                busy={action.kind === 'testing' || action.kind === 'saving'}
                blockedReason={blockedReason}
                displayName={displayName}
                onDisplayName={setDisplayName}
              />
              {action.kind === 'testing' ? <LiveSteps progress={action.progress} /> : null}
              {action.kind === 'tested' ? (
                <TestReportView
                  report={action.report}
                  onUseHost={useHost}
                  onTrust={(fp) => {
                    const next = [...new Set([...trusted, fp])];
                    setTrusted(next);
                    void test(next);
                  }}
                />
              ) : null}
              {action.kind === 'saving' ? <p className="muted">Saving to the keychain…</p> : null}
              {action.kind === 'saved' ? (
                <p className="notice notice-ok" role="status">
                  Saved <code>{action.email}</code>: the password is in your system keychain.
                </p>
              ) : null}
              {action.kind === 'failed' ? <ErrorNotice error={action.error} title={action.what === 'test' ? 'The test could not run' : 'Could not save the account'} /> : null}
            </StepCard>
          ) : null}
        </div>
        )}
        <aside className="side">
          <AccountsPanel
            api={api}
            reloadKey={accountsKey}
            resolver={resolver}
            onExport={(email) => {
              setExportEmail(email);
              document.getElementById('export')?.scrollIntoView({ behavior: 'smooth' });
            }}
          />
          <ExportPanel api={api} email={exportEmail} onEmail={setExportEmail} />
        </aside>
      </main>
    </div>
  );
}
