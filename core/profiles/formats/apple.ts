// Apple configuration profile with one com.apple.mail.managed payload (profiles §1).
//
// Apple profiles cannot say STARTTLS vs implicit TLS: `UseSSL true` on 993/465 means
// implicit TLS and on 143/587 STARTTLS (§1.4). The account stores one server per
// side, which MailSetup tested; we export exactly that server (never a port we did
// not test) and warn when it is STARTTLS, or TLS on a non-standard port, because
// the device then infers the mode from the port.
import { build as buildPlist, type PlistValue } from 'plist';
import { fail, ok, type Result } from '../../../shared/errors.js';
import type { ServerSettings } from '../../../shared/model.js';
import { stripControls } from '../escape.js';
import { shortTag, stableUuid } from '../ids.js';
import { APPLE_AUTH, authKind, standardPort } from '../mapping.js';
import type { PreparedAccount } from '../prepared-account.js';
import type { ExportOptions, ExportOutput } from '../types.js';
import { fileStem } from '../types.js';
import { signProfile } from './apple-sign.js';

export type PlistObject = { [key: string]: PlistValue };

export const MOBILECONFIG_TYPE = 'application/x-apple-aspen-config';

export interface AppleProfileOptions {
  passwords?: { incoming: string; outgoing: string };
  /**
   * A template for everyone in the domain (publish kit): no address, user name or
   * display name, so the device asks for them at install.
   */
  generic?: boolean;
}

/** Reverse-DNS identifier, stable per account (or per domain for the generic profile). */
export function appleIdentifier(account: PreparedAccount, generic: boolean): string {
  const reversed = account.domain.split('.').reverse().join('.');
  if (generic) return `${reversed}.mailsetup.domain`;
  const local = account.localPart.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '') || 'user';
  return `${reversed}.mailsetup.${local}-${shortTag(account.email.toLowerCase())}`;
}

function checkServer(server: ServerSettings, side: string, warnings: string[]): Result<string> {
  const method = APPLE_AUTH[authKind(server)];
  if (!method) {
    return fail('EXPORT_FAILED', `Apple profiles cannot express the ${side} server's authentication (${server.auth.join(', ')}).`, {
      fix: 'Apple Mail supports password, CRAM-MD5 and NTLM logins in profiles; set the account up by hand instead.',
    });
  }
  const protocol = server.protocol === 'smtp' ? 'smtp' : server.protocol;
  if (server.security === 'starttls') {
    warnings.push(
      `Apple profiles cannot say STARTTLS: the ${side} server ${server.host}:${server.port} is exported with UseSSL on, which Apple devices treat as STARTTLS on the standard port ${standardPort(protocol, 'starttls')}. Prefer implicit TLS (${standardPort(protocol, 'tls')}) when the server offers it.`,
    );
  } else if (server.security === 'tls' && server.port !== standardPort(protocol, 'tls')) {
    warnings.push(`The ${side} server uses implicit TLS on the non-standard port ${server.port}; Apple devices may try STARTTLS there.`);
  }
  return ok(method);
}

/** The profile as a plist object (also used by tests to compare with what plistlib reads). */
export function buildAppleProfile(account: PreparedAccount, opts: AppleProfileOptions, warnings: string[]): Result<PlistObject> {
  const generic = opts.generic === true;
  const inAuth = checkServer(account.incoming, 'incoming', warnings);
  if (!inAuth.ok) return inAuth;
  const outAuth = checkServer(account.outgoing, 'outgoing', warnings);
  if (!outAuth.ok) return outAuth;
  const identifier = appleIdentifier(account, generic);
  const label = generic ? account.domain : account.email;
  const name = account.displayName;
  const payload: Record<string, PlistValue> = {
    PayloadType: 'com.apple.mail.managed',
    PayloadVersion: 1,
    PayloadIdentifier: `${identifier}.account`,
    PayloadUUID: stableUuid(`apple-payload:${generic ? account.domain : account.email.toLowerCase()}`),
    PayloadDisplayName: `Mail (${label})`,
    EmailAccountType: account.incoming.protocol === 'pop3' ? 'EmailTypePOP' : 'EmailTypeIMAP',
    EmailAccountDescription: label,
    ...(!generic && name !== '' ? { EmailAccountName: name } : {}),
    ...(!generic ? { EmailAddress: account.email } : {}),
    IncomingMailServerHostName: account.incoming.host,
    IncomingMailServerPortNumber: account.incoming.port,
    IncomingMailServerUseSSL: account.incoming.security !== 'none',
    IncomingMailServerAuthentication: inAuth.value,
    ...(!generic ? { IncomingMailServerUsername: account.incoming.username } : {}),
    OutgoingMailServerHostName: account.outgoing.host,
    OutgoingMailServerPortNumber: account.outgoing.port,
    OutgoingMailServerUseSSL: account.outgoing.security !== 'none',
    OutgoingMailServerAuthentication: outAuth.value,
    ...(!generic ? { OutgoingMailServerUsername: account.outgoing.username } : {}),
    OutgoingPasswordSameAsIncomingPassword: !account.separateSmtpPassword,
  };
  if (opts.passwords) {
    payload.IncomingPassword = opts.passwords.incoming;
    payload.OutgoingPassword = opts.passwords.outgoing;
  }
  const top: PlistObject = {
    PayloadType: 'Configuration',
    PayloadVersion: 1,
    PayloadIdentifier: identifier,
    PayloadUUID: stableUuid(`apple-profile:${generic ? account.domain : account.email.toLowerCase()}`),
    PayloadDisplayName: `Mail account ${label}`,
    PayloadDescription: opts.passwords
      ? 'Adds the mail account, including its password.'
      : 'Adds the mail account; you will be asked for its password.',
    PayloadOrganization: account.domain,
    PayloadContent: [payload],
  };
  return ok(top);
}

/** XML text of the profile; every string goes through plist's escaping, controls removed first. */
export function appleProfileXml(profile: PlistObject): string {
  const clean = (v: PlistValue): PlistValue => {
    if (typeof v === 'string') return stripControls(v);
    if (Array.isArray(v)) return (v as PlistValue[]).map(clean);
    if (typeof v === 'object' && !(v instanceof Date) && !(v instanceof Uint8Array)) {
      return Object.fromEntries(Object.entries(v as PlistObject).map(([k, x]): [string, PlistValue] => [k, clean(x)]));
    }
    return v;
  };
  return `${buildPlist(clean(profile))}\n`;
}

export async function exportApple(account: PreparedAccount, options: ExportOptions): Promise<Result<ExportOutput>> {
  const warnings: string[] = [];
  const built = buildAppleProfile(account, options.passwords ? { passwords: options.passwords } : {}, warnings);
  if (!built.ok) return built;
  const xml = appleProfileXml(built.value);
  const name = `${fileStem(account)}.mobileconfig`;
  if (options.passwords) {
    warnings.push('This profile contains the password: anyone who gets the file can read it. Hand it over only on a trusted channel and delete it after install.');
  }
  if (!options.signing) {
    return ok({ files: [{ name, mediaType: MOBILECONFIG_TYPE, encoding: 'utf8', content: xml, mode: options.passwords ? 0o600 : 0o644 }], warnings });
  }
  const signed = signProfile(Buffer.from(xml, 'utf8'), options.signing.certPem, options.signing.keyPem);
  if (!signed.ok) return signed;
  return ok({
    files: [{ name, mediaType: MOBILECONFIG_TYPE, encoding: 'base64', content: signed.value.toString('base64'), mode: options.passwords ? 0o600 : 0o644 }],
    warnings,
  });
}
