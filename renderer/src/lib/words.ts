// Plain words for the window: durations rounded, dates in the user's locale, the
// engine's vocabulary in human terms, and no command-line text on screen.
import type { MailSetupError } from '../../../shared/errors.js';
import type { Security, SourceName, SourceStatus } from '../../../shared/model.js';

export function duration(ms: number): string {
  if (ms < 950) return `${Math.max(10, Math.round(ms / 10) * 10)} ms`;
  if (ms < 9_500) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 1000)} s`;
}

export function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? 'at an unknown time' : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function day(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? 'an unknown date' : d.toLocaleDateString(undefined, { dateStyle: 'long' });
}

/** Where a configuration came from, as the end of "Found in …". */
export const SOURCE_WORDS: Record<SourceName, string> = {
  cpanel: 'your hosting account’s cPanel',
  'local-override': 'your own settings file on this computer',
  'ispdb-bundled': 'Thunderbird’s list of mail providers',
  ispdb: 'Thunderbird’s online list of mail providers',
  autoconfig: 'your domain’s published settings',
  mx: 'the settings of the provider that receives your domain’s mail',
  srv: 'your domain’s DNS records',
  autodiscover: 'Microsoft Autodiscover',
  guess: 'the servers that answered for your domain',
};

/** Short names for the per-source list in Details. */
export const SOURCE_LABELS: Record<SourceName, string> = {
  cpanel: 'cPanel hosting account',
  'local-override': 'Your settings file',
  'ispdb-bundled': 'Provider list (built in)',
  ispdb: 'Provider list (online)',
  autoconfig: 'Domain’s published settings',
  mx: 'Mail provider (from MX)',
  srv: 'DNS service records',
  autodiscover: 'Microsoft Autodiscover',
  guess: 'Servers that answered',
};

export const STATUS_LABELS: Record<SourceStatus, string> = {
  found: 'found',
  'not-found': 'nothing published',
  invalid: 'unreadable answer',
  error: 'could not ask',
  timeout: 'no answer in time',
  cancelled: 'not needed',
  skipped: 'not asked',
};

export const SECURITY_WORDS: Record<Security, string> = {
  tls: 'SSL/TLS',
  starttls: 'STARTTLS',
  none: 'no encryption',
};

/** Command-line syntax, file paths and raw codes: text like this never reaches the screen. */
const DEVELOPER_TEXT = /`|(^|\s)--[a-z]|\bmailsetup\s+[a-z]|(^|\s)\/[a-z]+\/|[A-Z]:\\|\b[A-Z]{2,}_[A-Z_]{2,}\b/;

export function plainOrNothing(text: string | undefined): string | undefined {
  return text !== undefined && !DEVELOPER_TEXT.test(text) ? text : undefined;
}

const ERROR_WORDS: Partial<Record<MailSetupError['code'], { message?: string; fix: string }>> = {
  KEYCHAIN_UNAVAILABLE: { fix: 'Make sure your system keychain (for example GNOME Keyring or KWallet) is installed and running, then try again.' },
  KEYCHAIN_LOCKED: { fix: 'Unlock your system keychain, then try again.' },
  KEYCHAIN_TIMEOUT: { fix: 'Your system keychain did not answer. Unlock it if it asks, then try again.' },
  ACCOUNT_NOT_FOUND: { fix: 'It may have been removed meanwhile. Set it up again from your address.' },
  PASSWORD_MISSING: { message: 'No password is stored for this account.', fix: 'Type the password, then try again.' },
  NETWORK: { fix: 'Start MailSetup again, then reload this page.' },
  UNAUTHORIZED: { message: 'This page’s session link is not valid.', fix: 'Open the link MailSetup printed when it started (copy the whole line), or start MailSetup again.' },
  METADATA_CORRUPT: { fix: 'The list of saved accounts could not be read. Your passwords are still in the keychain.' },
};

/** An engine error in the window's words: the message (when plain) and a fix without command-line text. */
export function plainError(error: MailSetupError): { message: string; fix?: string; serverSays?: string } {
  const words = ERROR_WORDS[error.code];
  const message = words?.message ?? plainOrNothing(error.message) ?? 'Something went wrong.';
  const fix = words?.fix ?? plainOrNothing(error.fix);
  return { message, ...(fix ? { fix } : {}), ...(error.serverSays ? { serverSays: error.serverSays } : {}) };
}

/** A diagnosis message without raw codes in parentheses (they stay in Details). */
export function plainMessage(text: string): string {
  const cleaned = text.replace(/\s*\([^()]*\)/g, (group) => (DEVELOPER_TEXT.test(group) ? '' : group));
  return plainOrNothing(cleaned) ?? 'The server did not accept the connection as expected.';
}

export const PROTOCOL_NOUNS = { imap: 'Receiving mail', pop3: 'Receiving mail', smtp: 'Sending mail' } as const;
