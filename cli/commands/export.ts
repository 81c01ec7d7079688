// `mailsetup export EMAIL --format F`: client profiles and admin files from a saved
// account or from settings given on the command line.
import { randomBytes } from 'node:crypto';
import { chmod, rename, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, normalize, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { EXPORT_FORMATS, EXPORT_FORMAT_SUMMARIES, HELPDESK_CLIENTS, MULTI_FILE_FORMATS, type ExportFile, type ExportFormat, type ExportParams, type ExportResult } from '../../shared/profiles.js';
import type { RuntimeFactory } from '../program.js';
import { EXIT, exitCodeFor, printError, printJson, UsageError } from '../io.js';
import { readPasswordsFromStdin } from '../passwords.js';
import { checkFileTarget, checkFolderTarget, makeParentFolders, outTarget } from '../out-path.js';
import { parseServerSpec } from '../server-spec.js';
import { MAX_PEM_BYTES, readUserFile } from '../user-file.js';

interface ExportOptions {
  format: ExportFormat;
  out?: string;
  force?: boolean;
  includePassword?: boolean;
  passwordStdin?: boolean;
  signCert?: string;
  signKey?: string;
  profileUrl?: string;
  imap?: string;
  smtp?: string;
  username?: string;
  displayName?: string;
  client?: (typeof HELPDESK_CLIENTS)[number];
  platform?: 'linux' | 'macos';
  json?: boolean;
}

const FORMAT_HELP = EXPORT_FORMATS.map((f) => `  ${f.padEnd(24)}${EXPORT_FORMAT_SUMMARIES[f]}`).join('\n');

const EXAMPLES = `
Formats:
${FORMAT_HELP}

Examples:
  mailsetup export jane@example.com --format apple --out jane.mobileconfig
  mailsetup export jane@example.com --format thunderbird-autoconfig > config-v1.1.xml
  mailsetup export jane@example.com --format publish-kit --out ./publish
  mailsetup export jane@example.com --format thunderbird-prefs --out ./thunderbird
      then, with Thunderbird closed: sh ./thunderbird/add-to-thunderbird.sh
  mailsetup export jane@example.com --format msmtp \\
      --imap mail.example.com:993:tls --smtp mail.example.com:465:tls --out ~/.msmtprc
  mailsetup export jane@example.com --format helpdesk-sheet --client thunderbird \\
      --profile-url https://example.com/jane.mobileconfig --out jane.html
  printf %s "$PASS" | mailsetup export jane@example.com --format apple --include-password \\
      --password-stdin --sign-cert cert.pem --sign-key key.pem --out jane.mobileconfig

apple exports the servers the account was tested with. Apple profiles cannot say
STARTTLS: it is implied by ports 143/587, so implicit TLS (993/465) is the reliable choice.

thunderbird-prefs adds the account to a Thunderbird profile once: a script (sh for
Linux and macOS, PowerShell for Windows) merges it into prefs.js with keys that do not
collide with the profile's accounts; later changes in Thunderbird stay.
thunderbird-user-js is the managed variant for admins: a user.js for a new profile that
Thunderbird re-applies at every start, undoing the user's changes to the account.

Without --out, text formats are printed; binary and multi-file formats need --out
(a folder for publish-kit, thunderbird-prefs and thunderbird-mobile-qr; an existing
folder works for every format). Files that name a keychain
command are written with mode 0600. No export holds a password unless
--include-password names it (apple only, signed only).
--json prints {email, format, files:[{name, mediaType, encoding, content, mode?}],
warnings:[...], written?:[paths]}; on failure {error:{code, message, fix?}}.
Exit status: 0 written, 1 failed, 2 bad usage.`;

async function buildParams(email: string, o: ExportOptions): Promise<ExportParams> {
  if (o.passwordStdin && !o.includePassword) throw new UsageError('--password-stdin is only for --include-password.');
  if ((o.signCert === undefined) !== (o.signKey === undefined)) throw new UsageError('Signing needs both --sign-cert and --sign-key.');
  const params: ExportParams = { email, format: o.format };
  if (o.imap !== undefined) params.imap = parseServerSpec(o.imap, '--imap');
  if (o.smtp !== undefined) params.smtp = parseServerSpec(o.smtp, '--smtp');
  if (o.username !== undefined) params.username = o.username;
  if (o.displayName !== undefined) params.displayName = o.displayName;
  if (o.profileUrl !== undefined) params.profileUrl = o.profileUrl;
  if (o.client !== undefined) params.client = o.client;
  if (o.platform !== undefined) params.platform = o.platform;
  if (o.signCert !== undefined && o.signKey !== undefined) {
    params.signCertPem = await readUserFile('--sign-cert', o.signCert, MAX_PEM_BYTES);
    params.signKeyPem = await readUserFile('--sign-key', o.signKey, MAX_PEM_BYTES);
  }
  if (o.includePassword) {
    params.includePassword = true;
    if (o.passwordStdin) params.password = (await readPasswordsFromStdin()).password;
  }
  return params;
}

/** Writes via a temporary file and rename, so a failed export never leaves half a file. */
export async function writeOne(path: string, file: ExportFile, force: boolean): Promise<void> {
  await checkFileTarget(path, force);
  await makeParentFolders(path);
  const mode = file.mode ?? 0o644;
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, Buffer.from(file.content, file.encoding), { mode, flag: 'wx' });
    await chmod(tmp, mode); // the umask may have removed bits; 0600 files must not gain any
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** A file name from the exporter, kept inside the output folder. */
export function inside(folder: string, name: string): string {
  const clean = normalize(name);
  if (isAbsolute(clean) || clean.startsWith('..')) throw new Error(`refusing to write outside the output folder: ${name}`);
  return join(folder, clean);
}

async function writeFiles(result: ExportResult, out: string, force: boolean): Promise<string[]> {
  if (MULTI_FILE_FORMATS.includes(result.format)) {
    const folder = resolve(out);
    await checkFolderTarget(folder, result.format);
    await makeParentFolders(join(folder, 'x'));
    const written: string[] = [];
    for (const file of result.files) {
      const path = inside(folder, file.name);
      await writeOne(path, file, force);
      written.push(path);
    }
    return written;
  }
  const file = result.files[0]!;
  // An existing folder as --out gets the file under its usual name.
  const target = resolve(out);
  const isFolder = (await outTarget(target)).kind === 'folder';
  const path = isFolder ? inside(target, file.name) : target;
  await writeOne(path, file, force);
  return [path];
}

async function printToStdout(result: ExportResult): Promise<void> {
  if (result.format === 'thunderbird-mobile-qr') {
    const payload = result.files.find((f) => f.name.endsWith('.json'))!.content.trim();
    const { default: QRCode } = await import('qrcode'); // only this format needs it
    process.stdout.write(`${payload}\n\n${await QRCode.toString(payload, { type: 'utf8', errorCorrectionLevel: 'M' })}`);
    return;
  }
  if (MULTI_FILE_FORMATS.includes(result.format)) throw new UsageError(`--format ${result.format} writes a folder: add --out DIR.`);
  const file = result.files[0]!;
  if (file.encoding !== 'utf8') throw new UsageError(`--format ${result.format} is binary here (signed): add --out FILE.`);
  process.stdout.write(file.content);
}

export function registerExport(program: Command, getRuntime: RuntimeFactory): void {
  program
    .command('export')
    .description('write a client profile or admin file for an account (saved, or given with --imap/--smtp)')
    .argument('<email>', 'the account\'s address')
    .addOption(new Option('-f, --format <format>', 'what to write (list below)').choices([...EXPORT_FORMATS]).makeOptionMandatory())
    .option('-o, --out <path>', 'write here (a folder for publish-kit, thunderbird-prefs and thunderbird-mobile-qr) instead of standard output')
    .option('--force', 'replace files that already exist')
    .option('--imap <HOST:PORT:SECURITY>', 'incoming server instead of the saved one, e.g. mail.example.com:993:tls')
    .option('--smtp <HOST:PORT:SECURITY>', 'outgoing server instead of the saved one, e.g. mail.example.com:465:tls')
    .option('--username <name>', 'login name (default: the saved one, else the address)')
    .option('--display-name <name>', 'sender name shown to recipients')
    .option('--profile-url <url>', 'helpdesk-sheet: https URL of the hosted Apple profile, shown as a QR code')
    .addOption(new Option('--client <client>', 'helpdesk-sheet: whose set-up steps to show').choices([...HELPDESK_CLIENTS]).default('apple'))
    .addOption(new Option('--platform <os>', 'text configs: keychain command for this OS (default: this machine)').choices(['linux', 'macos']))
    .option('--sign-cert <file>', 'apple: sign with this PEM certificate (plus chain)')
    .option('--sign-key <file>', 'apple: the certificate\'s PEM private key (RSA, unencrypted)')
    .option('--include-password', 'apple only: put the password in the (signed) profile; anyone with the file can read it')
    .option('--password-stdin', 'with --include-password: read the password from standard input instead of the keychain')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', EXAMPLES)
    .action(async (email: string, o: ExportOptions) => {
      const params = await buildParams(email, o);
      const reply = await getRuntime().call('export', params);
      if (!reply.ok) {
        if (o.json) printJson({ error: reply.error });
        else printError(reply.error);
        process.exitCode = exitCodeFor(reply.error);
        return;
      }
      const result = reply.value;
      if (o.out === undefined) {
        if (o.json) printJson(result);
        else await printToStdout(result);
      } else {
        const written = await writeFiles(result, o.out, o.force === true);
        if (o.json) printJson({ ...result, written });
        else for (const path of written) process.stderr.write(`wrote ${path}\n`);
      }
      if (!o.json) for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
      process.exitCode = EXIT.OK;
    });
}
