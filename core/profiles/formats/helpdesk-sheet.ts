// A printable, self-contained HTML page for the end user: the settings, the steps for
// their client, and a QR code of the Apple profile URL when the admin hosts one.
// Nothing secret; every embedded value is HTML-escaped; no scripts, no remote content.
import { fail, ok, type Result } from '../../../shared/errors.js';
import type { HelpdeskClient } from '../../../shared/profiles.js';
import type { ServerSettings } from '../../../shared/model.js';
import { htmlEscape } from '../escape.js';
import { authKind } from '../mapping.js';
import type { PreparedAccount } from '../prepared-account.js';
import type { ExportOptions, ExportOutput } from '../types.js';
import { textFile } from '../types.js';
import { qrSvg } from './thunderbird-mobile-qr.js';

const CLIENT_LABEL: Record<HelpdeskClient, string> = {
  apple: 'Apple Mail (iPhone, iPad, Mac)',
  thunderbird: 'Thunderbird',
  outlook: 'Outlook for Windows',
  android: 'Thunderbird for Android',
  other: 'other mail programs',
};
const SECURITY_TEXT = { tls: 'SSL/TLS', starttls: 'STARTTLS', none: 'None (unencrypted)' } as const;
const AUTH_TEXT = { password: 'Normal password', encrypted: 'Encrypted password', none: 'No authentication', oauth2: 'OAuth2', ntlm: 'NTLM', gssapi: 'Kerberos / GSSAPI', 'client-cert': 'TLS certificate' } as const;

function steps(client: HelpdeskClient, hasProfile: boolean): string[] {
  switch (client) {
    case 'apple':
      return hasProfile
        ? [
            'On the iPhone or iPad, scan the QR code with the Camera and open the link in Safari (on a Mac, open the link and double-click the download).',
            'Tap Allow to download the profile, then open Settings › General › VPN & Device Management (Mac: System Settings › Privacy & Security › Profiles).',
            'Select the mail profile, tap Install, and type your mail password when asked.',
            'Open Mail: the account is ready.',
          ]
        : [
            'Open Settings › Apps › Mail › Mail Accounts › Add Account › Other › Add Mail Account (Mac: Mail › Add Account › Other Mail Account).',
            'Enter your name, the address and your password, then tap Next.',
            'Choose IMAP and type the incoming and outgoing servers and user names from the table.',
            'Tap Next and Save.',
          ];
    case 'thunderbird':
      return [
        'In Thunderbird choose ☰ › Account Settings › Account Actions › Add Mail Account.',
        'Enter your name, the address and your password, then Continue.',
        'If the settings found differ from the table, choose Configure manually and copy the table.',
        'Click Done.',
      ];
    case 'outlook':
      return [
        'In Outlook choose File › Add Account, type the address and open Advanced options › Let me set up my account manually.',
        'Choose IMAP.',
        'Copy the incoming and outgoing server, port and encryption method from the table (Outlook calls implicit TLS "SSL/TLS").',
        'Type your password when asked and finish.',
      ];
    case 'android':
      return [
        'In Thunderbird for Android tap Add account and type the address.',
        'If the settings found differ from the table, choose Manual setup and copy the table.',
        'Type your password when asked.',
      ];
    case 'other':
      return ['Add a new IMAP account in your mail program and copy the settings from the table.', 'Type your password when the program asks for it.'];
  }
}

function row(label: string, value: string): string {
  return `<tr><th scope="row">${htmlEscape(label)}</th><td>${htmlEscape(value)}</td></tr>`;
}

function serverRows(title: string, s: ServerSettings): string {
  return [
    `<tr class="group"><th colspan="2">${htmlEscape(title)}</th></tr>`,
    row('Server', s.host),
    row('Port', String(s.port)),
    row('Encryption', SECURITY_TEXT[s.security]),
    row('Authentication', AUTH_TEXT[authKind(s)]),
    row('User name', s.username),
  ].join('\n');
}

/** Only http(s) URLs become a QR code; anything else would be a trap for the user. */
export function checkProfileUrl(url: string): Result<string> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail('BAD_INPUT', 'The profile URL is not a URL.', { fix: 'Give the https:// address where the .mobileconfig is hosted.' });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return fail('BAD_INPUT', 'The profile URL must start with https://.');
  return ok(parsed.href);
}

export async function helpdeskHtml(account: PreparedAccount, options: ExportOptions): Promise<Result<{ html: string; warnings: string[] }>> {
  const warnings: string[] = [];
  let qr = '';
  if (options.profileUrl !== undefined) {
    const url = checkProfileUrl(options.profileUrl);
    if (!url.ok) return url;
    if (!url.value.startsWith('https:')) warnings.push('The profile URL is plain http: the download can be altered on the way. Host it on https.');
    const svg = await qrSvg(url.value);
    qr = `<figure class="qr">${svg}<figcaption>Scan to install the mail profile:<br><code>${htmlEscape(url.value)}</code></figcaption></figure>`;
  }
  const client = options.client;
  const title = `Mail settings for ${account.email}`;
  const stepList = steps(client, qr !== '' && client === 'apple').map((s) => `<li>${htmlEscape(s)}</li>`).join('\n');
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${htmlEscape(title)}</title>
<style>
body { font: 12pt/1.45 system-ui, sans-serif; max-width: 46em; margin: 2em auto; color: #111; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
th, td { text-align: left; padding: .3em .6em; border-bottom: 1px solid #ccc; vertical-align: top; }
tr.group th { background: #eee; }
td { font-family: ui-monospace, monospace; word-break: break-all; }
.qr svg { width: 14em; height: 14em; }
.note { border-left: 4px solid #888; padding-left: .8em; }
@media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>${htmlEscape(title)}</h1>
<table>
${row('Name', account.displayName === '' ? '(your name)' : account.displayName)}
${row('Email address', account.email)}
${serverRows(`Incoming mail (${account.incoming.protocol.toUpperCase()})`, account.incoming)}
${serverRows('Outgoing mail (SMTP)', account.outgoing)}
${row('Password', 'Your mail password (never written on this sheet)')}
</table>
${qr}
<h2>Steps for ${htmlEscape(CLIENT_LABEL[client])}</h2>
<ol>
${stepList}
</ol>
<p class="note">Nobody from support will ask you for your password. Keep it to yourself.</p>
</body>
</html>
`;
  return ok({ html, warnings });
}

export async function exportHelpdeskSheet(account: PreparedAccount, options: ExportOptions): Promise<Result<ExportOutput>> {
  const built = await helpdeskHtml(account, options);
  if (!built.ok) return built;
  return ok({ files: [textFile('mail-settings.html', 'text/html', built.value.html)], warnings: built.value.warnings });
}
