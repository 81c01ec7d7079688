// The prefs Thunderbird itself writes when its account wizard creates an IMAP/POP3
// account (comm-central CreateInBackend.sys.mjs, checked against Thunderbird 153's
// prefs.js): the incoming server, the identity with its Sent/Drafts/Templates folders,
// the SMTP server, and the account tying them together. Keys are parameters, so the
// same table serves the managed user.js (fixed keys) and the merge template (placeholders).
import { jsString } from '../escape.js';
import { authKind, TB_AUTH, TB_SOCKET } from '../mapping.js';
import type { PreparedAccount } from '../prepared-account.js';

/** A reference to another object's key (account1, or {server} in the template): written verbatim. */
export interface KeyRef {
  key: string;
}
export type PrefValue = string | number | boolean | KeyRef;
export type Pref = [name: string, value: PrefValue];

/** The pref-branch keys of one account's objects (e.g. account1, server1, id1, smtp1). */
export interface AccountKeys {
  account: string;
  server: string;
  identity: string;
  smtp: string;
}

/** The SMTP server's label: the provider name Thunderbird takes from the autoconfig file. */
export function providerLabel(domain: string): string {
  return `Mail at ${domain}`.slice(0, 30);
}

/**
 * A user name in a server URI as nsMsgIncomingServer::GetServerURI escapes it
 * (ESCAPE_XALPHAS): every UTF-8 byte except A-Z a-z 0-9 * - . _ becomes %XX.
 * Host names go through the same table (ESCAPE_URL_PATH agrees on host characters).
 */
export function uriEscape(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9*._-]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The incoming server's URI, the base of its folder URIs (imap://USER@HOST, mailbox:// for POP3). */
export function serverUri(account: PreparedAccount): string {
  const inc = account.incoming;
  const scheme = inc.protocol === 'imap' ? 'imap' : 'mailbox';
  return `${scheme}://${uriEscape(inc.username)}@${uriEscape(inc.host)}`;
}

/** What the wizard sets for POP3 (AccountConfig defaults): keep mail 14 days on the server. */
function pop3Prefs(server: string): Pref[] {
  return [
    [`${server}.leave_on_server`, true],
    [`${server}.num_days_to_leave_on_server`, 14],
    [`${server}.delete_mail_left_on_server`, true],
    [`${server}.delete_by_age_from_server`, true],
    [`${server}.download_on_biff`, true],
  ];
}

/** One account's prefs, in the order Thunderbird's wizard sets them. */
export function accountPrefs(account: PreparedAccount, keys: AccountKeys): Pref[] {
  const inc = account.incoming;
  const out = account.outgoing;
  const server = `mail.server.${keys.server}`;
  const identity = `mail.identity.${keys.identity}`;
  const smtp = `mail.smtpserver.${keys.smtp}`;
  const base = serverUri(account);
  const outAuth = authKind(out);
  return [
    [`mail.account.${keys.account}.server`, { key: keys.server }],
    [`mail.account.${keys.account}.identities`, { key: keys.identity }],
    [`${server}.type`, inc.protocol],
    [`${server}.hostname`, inc.host],
    [`${server}.port`, inc.port],
    [`${server}.socketType`, TB_SOCKET[inc.security]],
    [`${server}.authMethod`, TB_AUTH[authKind(inc)]],
    [`${server}.userName`, inc.username],
    [`${server}.name`, account.email],
    [`${server}.check_new_mail`, true],
    [`${server}.login_at_startup`, true],
    ...(inc.protocol === 'pop3' ? pop3Prefs(server) : []),
    [`${identity}.fullName`, account.displayName],
    [`${identity}.useremail`, account.email],
    [`${identity}.reply_on_top`, 1],
    [`${identity}.valid`, true],
    [`${identity}.smtpServer`, { key: keys.smtp }],
    [`${identity}.fcc_folder`, `${base}/Sent`],
    [`${identity}.draft_folder`, `${base}/Drafts`],
    [`${identity}.stationery_folder`, `${base}/Templates`],
    // Thunderbird stores the picker modes as strings.
    [`${identity}.fcc_folder_picker_mode`, '0'],
    [`${identity}.drafts_folder_picker_mode`, '0'],
    [`${identity}.tmpl_folder_picker_mode`, '0'],
    [`${smtp}.type`, 'smtp'],
    [`${smtp}.hostname`, out.host],
    [`${smtp}.port`, out.port],
    [`${smtp}.try_ssl`, TB_SOCKET[out.security]],
    [`${smtp}.authMethod`, TB_AUTH[outAuth]],
    // Thunderbird leaves the SMTP user name unset when the server takes no login.
    ...(outAuth === 'none' ? [] : ([[`${smtp}.username`, out.username]] as Pref[])),
    [`${smtp}.description`, providerLabel(account.domain)],
  ];
}

/** The "Local Folders" account Thunderbird creates beside the first mail account. */
export function localFoldersPrefs(accountKey: string, serverKey: string): Pref[] {
  return [
    [`mail.account.${accountKey}.server`, { key: serverKey }],
    [`mail.server.${serverKey}.type`, 'none'],
    [`mail.server.${serverKey}.hostname`, 'Local Folders'],
    [`mail.server.${serverKey}.userName`, 'nobody'],
    [`mail.server.${serverKey}.name`, 'Local Folders'],
  ];
}

/**
 * A pref string literal. Braces are written as \u escapes (the pref parser reads them),
 * so text from the account can never look like a {placeholder} of the merge template.
 */
export function prefString(s: string): string {
  return jsString(s).replace(/[{}]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function prefValue(value: PrefValue): string {
  if (typeof value === 'string') return prefString(value);
  if (typeof value === 'object') return JSON.stringify(value.key);
  return String(value);
}

/** One prefs.js line. Names are ours (ASCII, maybe with {placeholders}) and written verbatim. */
export function prefLine([name, value]: Pref): string {
  return `user_pref(${JSON.stringify(name)}, ${prefValue(value)});`;
}
