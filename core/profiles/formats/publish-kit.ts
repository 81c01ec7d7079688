// Everything a domain admin publishes so that clients configure themselves, in one
// folder: the paths inside mirror where each file is served.
import { ok, type Result } from '../../../shared/errors.js';
import type { PreparedAccount } from '../prepared-account.js';
import type { ExportOptions, ExportOutput } from '../types.js';
import { textFile } from '../types.js';
import { appleProfileXml, buildAppleProfile, MOBILECONFIG_TYPE } from './apple.js';
import { srvZoneLines } from './dns-srv.js';
import { autodiscoverXml } from './outlook-autodiscover.js';
import { autoconfigXml, usernamePlaceholder } from './thunderbird-autoconfig.js';

function readme(account: PreparedAccount, perUser: boolean): string {
  const d = account.domain;
  return [
    `Mail client self-configuration for ${d}`,
    '='.repeat(40),
    '',
    'Publish these files over HTTPS with a valid certificate for each host name below.',
    'They hold no passwords and no per-user secrets; treat them as public.',
    '',
    '1. autoconfig/mail/config-v1.1.xml  (Thunderbird, Thunderbird for Android, GNOME, Evolution)',
    `   Serve at https://autoconfig.${d}/mail/config-v1.1.xml`,
    `   and at   https://${d}/.well-known/autoconfig/mail/config-v1.1.xml`,
    '   Content-Type: application/xml. The URL is fetched with ?emailaddress=...; ignore it.',
    `   Managed desktops: copy it to <Thunderbird install dir>/isp/${d}.xml (read first, no web server).`,
    '',
    '2. autodiscover/autodiscover.xml  (Outlook)',
    `   Answer POST and GET at https://autodiscover.${d}/autodiscover/autodiscover.xml`,
    `   and https://${d}/autodiscover/autodiscover.xml. Outlook asks for`,
    '   /Autodiscover/Autodiscover.xml: make the path case-insensitive.',
    '   Content-Type: text/xml; charset=utf-8.',
    '',
    `3. apple/${d}.mobileconfig  (iPhone, iPad, macOS Mail)`,
    '   Link it from a web page; serve it as Content-Type: application/x-apple-aspen-config.',
    '   The device asks for the address, login name and password at install. It is',
    '   unsigned ("Unsigned" on the install screen); sign it with your certificate via',
    '   `mailsetup export ... --format apple --sign-cert ... --sign-key ...` for a',
    '   per-user profile, or `openssl smime -sign -binary -nodetach -outform der ...`.',
    '',
    `4. dns/${d}.srv.zone  (RFC 6186 SRV records)`,
    `   Add these records to the DNS zone of ${d}. Optionally also:`,
    `   autoconfig.${d}. and autodiscover.${d}. pointing to the web server above, and`,
    `   _autodiscover._tcp.${d}. IN SRV 0 0 443 <web server>.`,
    '',
    ...(perUser
      ? ['NOTE: the login name of this account is not derived from the address, so the', 'autoconfig and Autodiscover files fit only this one user.', '']
      : []),
    'Check: mailsetup discover someone@' + d,
    '',
  ].join('\n');
}

export async function exportPublishKit(account: PreparedAccount, _options: ExportOptions): Promise<Result<ExportOutput>> {
  const warnings: string[] = [];
  const profile = buildAppleProfile(account, { generic: true }, warnings);
  if (!profile.ok) return profile;
  const perUser = [account.incoming, account.outgoing].some((s) => usernamePlaceholder(account, s.username) === s.username);
  if (perUser) warnings.push('The login name is not derived from the address: the autoconfig and Autodiscover files fit only this user.');
  const d = account.domain;
  return ok({
    files: [
      textFile('README.txt', 'text/plain', readme(account, perUser)),
      textFile('autoconfig/mail/config-v1.1.xml', 'application/xml', autoconfigXml(account)),
      textFile('autodiscover/autodiscover.xml', 'application/xml', autodiscoverXml(account, true)),
      { name: `apple/${d}.mobileconfig`, mediaType: MOBILECONFIG_TYPE, encoding: 'utf8', content: appleProfileXml(profile.value) },
      textFile(`dns/${d}.srv.zone`, 'text/plain', srvZoneLines(account)),
    ],
    warnings,
  });
}
