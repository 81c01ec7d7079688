// The set-up flow's state in one reducer: which step the person is on and what it
// holds. A new address starts from nothing (no name, password, results or test
// carried over); a reload restores the last settled step without the password.
import type { Account } from '../../../shared/accounts.js';
import type { MailSetupError } from '../../../shared/errors.js';
import type { DiscoveryResult, MailConfig, SourceReport } from '../../../shared/model.js';
import type { ServerSpec, TestProgress, TestReport } from '../../../shared/probe.js';

/** Settings typed or corrected by the person: theirs to trust. */
export interface ManualChoice {
  imap: ServerSpec;
  smtp: ServerSpec;
  username: string;
}

export interface Person {
  name: string;
  email: string;
  password: string;
  /** Options: DNS server for every lookup ("" = the system's), offline, no guessing. */
  resolver: string;
  offline: boolean;
  noGuess: boolean;
}

export type Test =
  | { kind: 'idle' }
  | { kind: 'running'; progress: TestProgress[] }
  | { kind: 'done'; report: TestReport }
  | { kind: 'failed'; error: MailSetupError }
  | { kind: 'cancelled' };

export type Stage =
  | { kind: 'start'; error?: string }
  | { kind: 'finding'; email: string; sources: SourceReport[] }
  | { kind: 'lookup-failed'; error: MailSetupError }
  | { kind: 'found'; result: DiscoveryResult; selected: number; manual: ManualChoice | null; approved: boolean; trusted: string[]; test: Test; stopped: boolean }
  | { kind: 'saved'; account: Account; report?: TestReport; unsaved?: boolean }
  | { kind: 'edit'; account: Account; test: Test };

export interface FlowState {
  person: Person;
  stage: Stage;
  /** Bumps whenever the saved accounts may have changed. */
  accountsVersion: number;
}

export type FlowAction =
  | { type: 'person'; patch: Partial<Person> }
  | { type: 'start-over' }
  | { type: 'invalid-address'; message: string }
  | { type: 'finding'; email: string }
  | { type: 'source'; email: string; source: SourceReport }
  | { type: 'found'; result: DiscoveryResult; stopped: boolean }
  | { type: 'stopped-empty' }
  | { type: 'lookup-failed'; error: MailSetupError }
  | { type: 'select'; index: number }
  | { type: 'manual'; manual: ManualChoice | null }
  | { type: 'approve'; approved: boolean }
  | { type: 'trust'; fingerprint: string }
  | { type: 'test'; test: Test }
  | { type: 'progress'; progress: TestProgress }
  | { type: 'saved'; account: Account; report?: TestReport }
  | { type: 'devices-unsaved'; account: Account; report: TestReport }
  | { type: 'edit'; account: Account }
  | { type: 'accounts-changed' };

export const EMPTY_PERSON: Person = { name: '', email: '', password: '', resolver: '', offline: false, noGuess: false };

function withTest(stage: Stage, test: Test): Stage {
  return stage.kind === 'found' || stage.kind === 'edit' ? { ...stage, test } : stage;
}

export function reduce(state: FlowState, action: FlowAction): FlowState {
  const { stage } = state;
  switch (action.type) {
    case 'person':
      return { ...state, person: { ...state.person, ...action.patch } };
    case 'start-over':
      // Options are how this computer reaches the network, not about the person: they stay.
      return { ...state, person: { ...EMPTY_PERSON, resolver: state.person.resolver, offline: state.person.offline, noGuess: state.person.noGuess }, stage: { kind: 'start' } };
    case 'invalid-address':
      return { ...state, stage: { kind: 'start', error: action.message } };
    case 'finding':
      return { ...state, stage: { kind: 'finding', email: action.email, sources: [] } };
    case 'source':
      if (stage.kind !== 'finding' || stage.email !== action.email) return state;
      return { ...state, stage: { ...stage, sources: [...stage.sources.filter((s) => s.source !== action.source.source), action.source] } };
    case 'found':
      return { ...state, stage: { kind: 'found', result: action.result, selected: 0, manual: null, approved: false, trusted: [], test: { kind: 'idle' }, stopped: action.stopped } };
    case 'stopped-empty':
      return { ...state, stage: { kind: 'start' } };
    case 'lookup-failed':
      return { ...state, stage: { kind: 'lookup-failed', error: action.error } };
    case 'select':
      return stage.kind === 'found' ? { ...state, stage: { ...stage, selected: action.index, manual: null, approved: false, test: { kind: 'idle' } } } : state;
    case 'manual':
      return stage.kind === 'found' ? { ...state, stage: { ...stage, manual: action.manual, test: { kind: 'idle' } } } : state;
    case 'approve':
      return stage.kind === 'found' ? { ...state, stage: { ...stage, approved: action.approved } } : state;
    case 'trust':
      return stage.kind === 'found' ? { ...state, stage: { ...stage, trusted: [...new Set([...stage.trusted, action.fingerprint])] } } : state;
    case 'test':
      return { ...state, stage: withTest(stage, action.test) };
    case 'progress':
      if ((stage.kind !== 'found' && stage.kind !== 'edit') || stage.test.kind !== 'running') return state;
      return { ...state, stage: withTest(stage, { kind: 'running', progress: [...stage.test.progress, action.progress] }) };
    case 'saved':
      return { ...state, person: { ...state.person, password: '' }, stage: { kind: 'saved', account: action.account, ...(action.report ? { report: action.report } : {}) }, accountsVersion: state.accountsVersion + 1 };
    case 'devices-unsaved':
      // A tested account the keychain could not take: its settings can still go to devices.
      return { ...state, stage: { kind: 'saved', account: action.account, report: action.report, unsaved: true } };
    case 'edit':
      return { ...state, person: { ...EMPTY_PERSON, resolver: state.person.resolver, email: action.account.email, name: action.account.displayName ?? '' }, stage: { kind: 'edit', account: action.account, test: { kind: 'idle' } } };
    case 'accounts-changed':
      return { ...state, accountsVersion: state.accountsVersion + 1 };
  }
}

/** The servers a test or save uses: the person's own, else the chosen configuration's first IMAP and SMTP. */
export function chosenServers(stage: Extract<Stage, { kind: 'found' }>): ManualChoice | null {
  if (stage.manual) return stage.manual;
  const config: MailConfig | undefined = stage.result.configs[stage.selected];
  const imap = config?.incoming.find((s) => s.protocol === 'imap');
  const smtp = config?.outgoing[0];
  if (!imap || !smtp) return null;
  return { imap: { host: imap.host, port: imap.port, security: imap.security }, smtp: { host: smtp.host, port: smtp.port, security: smtp.security }, username: imap.username || smtp.username };
}

/** The account as a device would get it, for a tested account that is not saved. */
export function accountOf(email: string, name: string, servers: ManualChoice, report: TestReport): Account {
  const at = new Date().toISOString();
  const auth: ['password-cleartext'] = ['password-cleartext'];
  return {
    email,
    ...(name.trim() ? { displayName: name.trim() } : {}),
    incoming: { protocol: 'imap', ...servers.imap, username: servers.username, auth },
    outgoing: { protocol: 'smtp', ...servers.smtp, username: servers.username, auth },
    separateSmtpPassword: false,
    createdAt: at,
    updatedAt: at,
    lastTest: { at, ok: report.ok, summary: report.summary },
  };
}

/** Whether a check failed on the password (the window then asks for it again). */
export function refusedPassword(report: TestReport): boolean {
  return report.servers.some((s) => s.diagnosis.some((d) => d.code === 'AUTH_FAILED' || d.code === 'IMAP_LOGIN_FAILED'));
}

// ---- Reload: restore the last settled step, never a half-finished one, never the password.

const KEY = 'mailsetup.flow';

type Saved = { person: Omit<Person, 'password'>; stage: Stage };

export function persist(state: FlowState): void {
  const { stage } = state;
  const settled: Stage | null =
    stage.kind === 'found'
      ? { ...stage, test: stage.test.kind === 'done' || stage.test.kind === 'failed' ? stage.test : { kind: 'idle' } }
      : stage.kind === 'saved' || stage.kind === 'start' || stage.kind === 'lookup-failed'
        ? stage
        : null;
  if (settled === null) return;
  const { password: _password, ...person } = state.person;
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ person, stage: settled } satisfies Saved));
  } catch {
    // Storage full or refused: a reload then starts clean, which is allowed.
  }
}

export function restore(): FlowState {
  const clean: FlowState = { person: EMPTY_PERSON, stage: { kind: 'start' }, accountsVersion: 0 };
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return clean;
    const saved = JSON.parse(raw) as Saved;
    const kinds: Stage['kind'][] = ['start', 'found', 'saved', 'lookup-failed'];
    if (!saved?.stage || !kinds.includes(saved.stage.kind) || typeof saved.person?.email !== 'string') return clean;
    return { person: { ...EMPTY_PERSON, ...saved.person, password: '' }, stage: saved.stage, accountsVersion: 0 };
  } catch {
    return clean;
  }
}
