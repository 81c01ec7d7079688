// The data model every door (CLI, desktop IPC, loopback UI) shares.
// Plain TypeScript: no Node or DOM imports, so the renderer can use it too.

export type IncomingProtocol = 'imap' | 'pop3';
export type OutgoingProtocol = 'smtp';
export type Protocol = IncomingProtocol | OutgoingProtocol;

/** Transport security, RFC 8314 vocabulary: implicit TLS, mandatory STARTTLS, or none. */
export type Security = 'tls' | 'starttls' | 'none';

/** Authentication methods in the autoconfig (config-v1.1.xml) vocabulary. */
export type AuthMethod =
  | 'password-cleartext'
  | 'password-encrypted'
  | 'OAuth2'
  | 'NTLM'
  | 'GSSAPI'
  | 'TLS-client-cert'
  | 'client-IP-address'
  | 'smtp-after-pop'
  | 'none';

export interface ServerSettings<P extends Protocol = Protocol> {
  protocol: P;
  host: string;
  port: number;
  security: Security;
  /** Placeholders (%EMAILADDRESS% …) already filled in. */
  username: string;
  auth: AuthMethod[];
}

export type IncomingServer = ServerSettings<IncomingProtocol>;
export type OutgoingServer = ServerSettings<OutgoingProtocol>;

/** Where a configuration came from. */
export type SourceName =
  | 'cpanel'
  | 'local-override'
  | 'ispdb-bundled'
  | 'ispdb'
  | 'autoconfig'
  | 'mx'
  | 'srv'
  | 'autodiscover'
  | 'guess';

/** One configuration, exactly the shape of `configs[]` in the discover contract (DESIGN.md). */
export interface MailConfig {
  source: SourceName;
  /** The document's URL, or a descriptive URI for non-HTTP sources (dns:, file:, bundled:, probe:). */
  url: string;
  /** True only when every hop was authenticated (valid https, or DNSSEC-validated DNS). */
  secure: boolean;
  incoming: IncomingServer[];
  outgoing: OutgoingServer[];
}

export type SourceStatus =
  | 'found'
  | 'not-found'
  | 'invalid'
  | 'error'
  | 'timeout'
  | 'cancelled'
  | 'skipped';

export interface SourceReport {
  source: SourceName;
  status: SourceStatus;
  ms: number;
  detail?: string;
}

/** `mailsetup discover EMAIL --json` prints exactly this object. */
export interface DiscoveryResult {
  email: string;
  /** ASCII (punycode) form. */
  domain: string;
  configs: MailConfig[];
  sources: SourceReport[];
}
