// The pure entry point: an Account plus options in, files and warnings out. No
// keychain, no disk: the handler resolves those and the CLI writes the files.
import type { Account } from '../../shared/accounts.js';
import { fail, ok, type Result } from '../../shared/errors.js';
import type { ExportFormat } from '../../shared/profiles.js';
import { exportAerc } from './formats/aerc.js';
import { exportApple } from './formats/apple.js';
import { exportDnsSrv } from './formats/dns-srv.js';
import { exportHelpdeskSheet } from './formats/helpdesk-sheet.js';
import { exportHimalaya } from './formats/himalaya.js';
import { exportK9s } from './formats/k9s.js';
import { exportMbsync } from './formats/mbsync.js';
import { exportMsmtp } from './formats/msmtp.js';
import { exportMutt } from './formats/mutt.js';
import { exportOutlookAutodiscover } from './formats/outlook-autodiscover.js';
import { exportPublishKit } from './formats/publish-kit.js';
import { exportThunderbirdAutoconfig } from './formats/thunderbird-autoconfig.js';
import { exportThunderbirdMobileQr } from './formats/thunderbird-mobile-qr.js';
import { exportThunderbirdPrefs } from './formats/thunderbird-prefs.js';
import { exportThunderbirdUserJs } from './formats/thunderbird-user-js.js';
import { prepareAccount } from './prepared-account.js';
import type { ExportOptions, ExportOutput, Exporter } from './types.js';

export const EXPORTERS: Record<ExportFormat, Exporter> = {
  apple: exportApple,
  'thunderbird-autoconfig': exportThunderbirdAutoconfig,
  'thunderbird-prefs': exportThunderbirdPrefs,
  'thunderbird-user-js': exportThunderbirdUserJs,
  'thunderbird-mobile-qr': exportThunderbirdMobileQr,
  k9s: exportK9s,
  'outlook-autodiscover': exportOutlookAutodiscover,
  mutt: exportMutt,
  aerc: exportAerc,
  msmtp: exportMsmtp,
  mbsync: exportMbsync,
  himalaya: exportHimalaya,
  'dns-srv': exportDnsSrv,
  'publish-kit': exportPublishKit,
  'helpdesk-sheet': exportHelpdeskSheet,
};

export async function exportAccount(account: Account, format: ExportFormat, options: ExportOptions): Promise<Result<ExportOutput>> {
  if (options.passwords && format !== 'apple') {
    return fail('BAD_USAGE', '--include-password works only with --format apple.');
  }
  if (options.passwords && !options.signing) {
    return fail('BAD_USAGE', 'A profile with the password must be signed: add --sign-cert and --sign-key.', {
      fix: 'Leave the password out (the device asks for it at install), or sign the profile with your certificate.',
    });
  }
  const prepared = prepareAccount(account);
  if (!prepared.ok) return prepared;
  const result = await EXPORTERS[format](prepared.value, options);
  if (!result.ok) return result;
  const insecure = [prepared.value.incoming, prepared.value.outgoing].filter((s) => s.security === 'none');
  const warnings = insecure.map(
    (s) => `The ${s.protocol.toUpperCase()} server ${s.host}:${s.port} is exported WITHOUT encryption: the password will cross the network in clear text.`,
  );
  return ok({ files: result.value.files, warnings: [...warnings, ...result.value.warnings] });
}
