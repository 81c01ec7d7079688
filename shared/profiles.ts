// Client profile exports (`mailsetup export`): formats, parameters and the result shape.
import type { ServerSpec } from './probe.js';

export const EXPORT_FORMATS = [
  'apple',
  'thunderbird-autoconfig',
  'thunderbird-prefs',
  'thunderbird-user-js',
  'thunderbird-mobile-qr',
  'k9s',
  'outlook-autodiscover',
  'mutt',
  'aerc',
  'msmtp',
  'mbsync',
  'himalaya',
  'dns-srv',
  'publish-kit',
  'helpdesk-sheet',
] as const;

export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One line per format, for `--help` and the UI's format picker. */
export const EXPORT_FORMAT_SUMMARIES: Record<ExportFormat, string> = {
  apple: 'Apple configuration profile (.mobileconfig) for iOS, iPadOS and macOS Mail; optionally signed',
  'thunderbird-autoconfig': 'config-v1.1.xml an admin hosts at autoconfig.DOMAIN/mail/ (Thunderbird, K-9, GNOME)',
  'thunderbird-prefs': 'one-time Thunderbird setup: account prefs plus a script (sh, PowerShell) that adds them to prefs.js; later changes stay',
  'thunderbird-user-js': 'managed, re-applied at every start (admins): user.js for a new profile; user changes are undone at each start',
  'thunderbird-mobile-qr': 'QR code (payload, PNG, SVG) that Thunderbird for Android imports, as desktop "Export for Mobile"',
  k9s: 'Thunderbird for Android / K-9 Mail settings file (.k9s), never with a password',
  'outlook-autodiscover': 'Autodiscover POX response (autodiscover.xml) an admin hosts for Outlook',
  mutt: 'NeoMutt configuration; the password comes from the keychain at run time',
  aerc: 'aerc accounts.conf section (mode 0600); password from the keychain',
  msmtp: 'msmtp configuration; password from the keychain',
  mbsync: 'isync/mbsync configuration (SSLType, works with isync 1.4); password from the keychain',
  himalaya: 'himalaya v1 TOML configuration; password from the keychain',
  'dns-srv': 'RFC 6186/8314 SRV zone lines ("0 0 0 ." for what is not offered)',
  'publish-kit': 'folder for a domain admin: autoconfig XML, Autodiscover XML, mobileconfig, SRV lines, README',
  'helpdesk-sheet': 'printable HTML page for the end user: settings table, steps, optional profile QR code',
};

/** Formats whose output is several files: they need --out (a folder). */
export const MULTI_FILE_FORMATS: readonly ExportFormat[] = ['publish-kit', 'thunderbird-mobile-qr', 'thunderbird-prefs'];

/** Client whose set-up steps the helpdesk sheet shows. */
export const HELPDESK_CLIENTS = ['apple', 'thunderbird', 'outlook', 'android', 'other'] as const;
export type HelpdeskClient = (typeof HELPDESK_CLIENTS)[number];

/** Which keychain command text configs use to read the password at run time. */
export type KeychainPlatform = 'linux' | 'macos';

export interface ExportParams {
  email: string;
  format: ExportFormat;
  /** Include the password (Apple profile only, signed only; the user asked by name). */
  includePassword?: boolean;
  /** The password to include; absent: read from the keychain. Never stored. */
  password?: string;
  /** A separate SMTP password to include (accounts with their own SMTP password). */
  smtpPassword?: string;
  /** Signing certificate and key, PEM text (Apple profile). */
  signCertPem?: string;
  signKeyPem?: string;
  /** URL where the admin hosts the Apple profile (helpdesk sheet QR code). */
  profileUrl?: string;
  /**
   * Settings given directly instead of a saved account: both servers are needed
   * unless a saved account supplies the missing one.
   */
  imap?: ServerSpec;
  smtp?: ServerSpec;
  /** Login name; default: the saved one, else the address. */
  username?: string;
  displayName?: string;
  /** Helpdesk sheet: whose steps to show (default: apple). */
  client?: HelpdeskClient;
  /** Text configs: keychain command flavour (default: the machine's). */
  platform?: KeychainPlatform;
}

export interface ExportFile {
  /** Relative file name (inside a folder for publish-kit). */
  name: string;
  mediaType: string;
  /** utf8 text or base64 for binary content. */
  encoding: 'utf8' | 'base64';
  content: string;
  /** Unix mode to write the file with (e.g. 0o600 for files that name a keychain command). */
  mode?: number;
}

export interface ExportResult {
  email: string;
  format: ExportFormat;
  files: ExportFile[];
  warnings: string[];
}
