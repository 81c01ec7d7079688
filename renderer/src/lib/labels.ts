// Human words for the engine's vocabulary.
import type { ExportFormat } from '../../../shared/profiles.js';
import type { Security, SourceName, SourceStatus } from '../../../shared/model.js';

export const SOURCE_LABELS: Record<SourceName, string> = {
  cpanel: 'Your hosting account (cPanel)',
  'local-override': 'Local override file',
  'ispdb-bundled': 'Bundled ISPDB',
  ispdb: 'Thunderbird ISPDB (online)',
  autoconfig: "Domain's own autoconfig",
  mx: 'MX record → provider',
  srv: 'SRV records (RFC 6186)',
  autodiscover: 'Microsoft Autodiscover',
  guess: 'Probing likely hosts',
};

export const STATUS_LABELS: Record<SourceStatus, string> = {
  found: 'found',
  'not-found': 'nothing published',
  invalid: 'invalid document',
  error: 'error',
  timeout: 'timed out',
  cancelled: 'not needed',
  skipped: 'skipped',
};

export const SECURITY_LABELS: Record<Security, string> = {
  tls: 'SSL/TLS',
  starttls: 'STARTTLS',
  none: 'none (plaintext)',
};

export const FORMAT_LABELS: Record<ExportFormat, { label: string; hint: string }> = {
  apple: { label: 'Apple Mail (.mobileconfig)', hint: 'macOS and iOS configuration profile' },
  'thunderbird-autoconfig': { label: 'Thunderbird autoconfig XML', hint: 'for admins: host at autoconfig.DOMAIN' },
  'thunderbird-prefs': { label: 'Thunderbird user.js', hint: 'preferences fragment for a profile' },
  'thunderbird-mobile-qr': { label: 'Thunderbird for Android QR', hint: 'scan with the mobile app' },
  k9s: { label: 'K-9 / Thunderbird for Android settings', hint: 'settings file, no password' },
  'outlook-autodiscover': { label: 'Outlook Autodiscover XML', hint: 'for admins: POX response' },
  mutt: { label: 'NeoMutt', hint: 'password from the keychain at run time' },
  aerc: { label: 'aerc', hint: 'accounts.conf, password from the keychain' },
  msmtp: { label: 'msmtp', hint: 'password from the keychain' },
  mbsync: { label: 'mbsync (isync)', hint: 'password from the keychain' },
  himalaya: { label: 'Himalaya', hint: 'TOML, password from the keychain' },
  'dns-srv': { label: 'DNS SRV records', hint: 'RFC 6186 / 8314 zone lines' },
  'publish-kit': { label: 'Admin publish kit', hint: 'every admin file plus a README' },
  'helpdesk-sheet': { label: 'Helpdesk sheet (HTML)', hint: 'printable settings page' },
};
