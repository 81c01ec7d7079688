// The one typed map of capabilities. Every door (CLI, Electron IPC, `mailsetup ui`)
// exposes exactly these requests; the engine implements them in core/handlers.ts.
import type { AuditParams, AuditProgress, AuditReport } from './audit.js';
import type { Account, ForgetParams, ForgetResult, SaveParams } from './accounts.js';
import type { DiscoverParams, DiscoverProgress } from './discover.js';
import type { MailSetupError } from './errors.js';
import type { DiscoveryResult } from './model.js';
import type { TestParams, TestProgress, TestReport } from './probe.js';
import type { ExportParams, ExportResult } from './profiles.js';
import type { HostFacts, HostsParams } from './hosts.js';
import type {
  CpanelAddMailboxParams, CpanelAddMailboxResult, CpanelConnection, CpanelConnectionParams, CpanelConnectParams, CpanelConnectResult,
  CpanelDeliverabilityParams, CpanelDeliverabilityResult, CpanelDisconnectResult, CpanelExportAllParams, CpanelExportAllResult,
  CpanelListResult, CpanelMailboxesParams, CpanelMailboxesResult,
} from './cpanel.js';

export interface Contract {
  discover: { params: DiscoverParams; result: DiscoveryResult };
  test: { params: TestParams; result: TestReport };
  save: { params: SaveParams; result: Account };
  accounts: { params: Record<string, never>; result: Account[] };
  forget: { params: ForgetParams; result: ForgetResult };
  export: { params: ExportParams; result: ExportResult };
  hosts: { params: HostsParams; result: HostFacts[] };
  cpanelConnect: { params: CpanelConnectParams; result: CpanelConnectResult };
  cpanelList: { params: Record<string, never>; result: CpanelListResult };
  cpanelDisconnect: { params: CpanelConnectionParams; result: CpanelDisconnectResult };
  cpanelRefresh: { params: CpanelConnectionParams; result: CpanelConnection };
  cpanelMailboxes: { params: CpanelMailboxesParams; result: CpanelMailboxesResult };
  cpanelAddMailbox: { params: CpanelAddMailboxParams; result: CpanelAddMailboxResult };
  cpanelExportAll: { params: CpanelExportAllParams; result: CpanelExportAllResult };
  cpanelDeliverability: { params: CpanelDeliverabilityParams; result: CpanelDeliverabilityResult };
  audit: { params: AuditParams; result: AuditReport };
}

export type RequestName = keyof Contract;
export type Params<K extends RequestName> = Contract[K]['params'];
export type ResultOf<K extends RequestName> = Contract[K]['result'];

/** What crosses a door: a typed success or a typed failure, never a thrown string. */
export type Reply<K extends RequestName> = { ok: true; value: ResultOf<K> } | { ok: false; error: MailSetupError };

/** Events pushed while a request runs. */
export interface Events {
  'discover:progress': DiscoverProgress;
  'test:progress': TestProgress;
  'audit:progress': AuditProgress;
}
export type EventName = keyof Events;

export const REQUEST_NAMES: readonly RequestName[] = [
  'discover', 'test', 'save', 'accounts', 'forget', 'export', 'hosts',
  'cpanelConnect', 'cpanelList', 'cpanelDisconnect', 'cpanelRefresh', 'cpanelMailboxes', 'cpanelAddMailbox', 'cpanelExportAll', 'cpanelDeliverability',
  'audit',
];

/** What the Electron preload exposes as `window.mailsetup` (and nothing more). */
export interface MailSetupBridge {
  /** `callId` (8–64 of A–Z a–z 0–9 _ -) names the call so that `cancel` can stop it. */
  invoke<K extends RequestName>(name: K, params: Params<K>, callId?: string): Promise<Reply<K>>;
  /** Asks the engine to stop the named call; the call still answers (a stopped discovery with what it found). */
  cancel(callId: string): void;
  /** Subscribes to an engine event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

export const EVENT_NAMES: readonly EventName[] = ['discover:progress', 'test:progress', 'audit:progress'];
