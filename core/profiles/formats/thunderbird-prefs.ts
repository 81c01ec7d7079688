// The one-time Thunderbird export (profiles §2.2): the account's prefs as a template
// (account.prefs, keys as {placeholders}) and two small scripts, POSIX sh and
// PowerShell, that merge it into the profile's prefs.js while Thunderbird is closed,
// with keys that do not collide with the profile's own. Unlike user.js the change is
// made once: later edits in Thunderbird, and accounts added there, stay.
import { ok, type Result } from '../../../shared/errors.js';
import { oneLine } from '../escape.js';
import type { PreparedAccount } from '../prepared-account.js';
import type { ExportOptions, ExportOutput } from '../types.js';
import { textFile } from '../types.js';
import { accountPrefs, prefLine } from './thunderbird-account-prefs.js';
import { MERGE_PS1 } from './thunderbird-merge-ps1.js';
import { MERGE_SH } from './thunderbird-merge-sh.js';

/** The placeholders the merge scripts replace with the profile's next free keys. */
export const TEMPLATE_KEYS = { account: '{account}', server: '{server}', identity: '{identity}', smtp: '{smtp}' };

export function accountTemplate(account: PreparedAccount): string {
  return [
    `// Thunderbird account ${oneLine(account.email)} (written by MailSetup), for add-to-thunderbird.sh / .ps1.`,
    '// {account} {server} {identity} {smtp} stand for keys the script picks so they do not collide',
    '// with the profile\'s own. No password: Thunderbird asks for it once.',
    ...accountPrefs(account, TEMPLATE_KEYS).map(prefLine),
    '',
  ].join('\n');
}

export function readme(account: PreparedAccount): string {
  const title = `Add ${oneLine(account.email)} to Thunderbird (once)`;
  return `${title}
${'='.repeat(Math.min(80, title.length))}

These files add the account to your Thunderbird profile the same way Thunderbird's
own account setup does. It is a one-time change: afterwards you can change the
account in Thunderbird and add other accounts, and nothing is undone at the next
start. Your other accounts are kept. The password is not in these files:
Thunderbird asks for it the first time it connects.

1. Quit Thunderbird (File > Quit / Exit). The script refuses to run while
   Thunderbird has the profile open.
2. Run the script for your system from this folder:

   Linux and macOS (Terminal):
       sh add-to-thunderbird.sh

   Windows (PowerShell):
       powershell -ExecutionPolicy Bypass -File .\\add-to-thunderbird.ps1

   Without a folder name the script uses your default Thunderbird profile
   (from profiles.ini). To pick another profile, give its folder:
       sh add-to-thunderbird.sh "/path/to/profile"
       powershell -ExecutionPolicy Bypass -File .\\add-to-thunderbird.ps1 "C:\\path\\to\\profile"
   Thunderbird shows the folder under Help > Troubleshooting Information >
   Profile Folder. Usual places:
       Linux    ~/.thunderbird/<profile>
       macOS    ~/Library/Thunderbird/Profiles/<profile>
       Windows  %APPDATA%\\Thunderbird\\Profiles\\<profile>
3. Start Thunderbird and enter the password when asked.

What the script does: it reads the profile's prefs.js, picks the next free
account, server, identity and outgoing-server numbers, adds the lines of
account.prefs with those numbers, appends the account to the account list and
the outgoing server to the server list, and saves a copy of the old file as
prefs.js.before-mailsetup-<date> first. Running it twice does not add the
account twice. To undo, quit Thunderbird and put the copy back as prefs.js.

For admins who want settings enforced at every start instead, MailSetup has
the managed export thunderbird-user-js.
`;
}

export async function exportThunderbirdPrefs(account: PreparedAccount, _options: ExportOptions): Promise<Result<ExportOutput>> {
  return ok({
    files: [
      textFile('README.txt', 'text/plain', readme(account)),
      textFile('account.prefs', 'text/javascript', accountTemplate(account)),
      textFile('add-to-thunderbird.sh', 'text/x-shellscript', MERGE_SH, 0o755),
      textFile('add-to-thunderbird.ps1', 'text/plain', MERGE_PS1),
    ],
    warnings: [],
  });
}
