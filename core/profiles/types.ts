// What an exporter is: a pure function from a prepared account and options to files.
import type { Result } from '../../shared/errors.js';
import type { ExportFile, HelpdeskClient, KeychainPlatform } from '../../shared/profiles.js';
import type { PreparedAccount } from './prepared-account.js';

export interface ExportOptions {
  /** Keychain command flavour for text configs. */
  platform: KeychainPlatform;
  /** Passwords to embed (Apple only, asked for by name). */
  passwords?: { incoming: string; outgoing: string };
  /** PEM certificate and key to sign the Apple profile with. */
  signing?: { certPem: string; keyPem: string };
  /** Where the admin hosts the Apple profile (helpdesk sheet QR). */
  profileUrl?: string;
  client: HelpdeskClient;
}

export interface ExportOutput {
  files: ExportFile[];
  warnings: string[];
}

export type Exporter = (account: PreparedAccount, options: ExportOptions) => Promise<Result<ExportOutput>>;

/** A file name stem from the address, safe on every file system. */
export function fileStem(account: PreparedAccount): string {
  return account.email.replace(/[^A-Za-z0-9@._-]/g, '_');
}

export function textFile(name: string, mediaType: string, content: string, mode?: number): ExportFile {
  return mode === undefined ? { name, mediaType, encoding: 'utf8', content } : { name, mediaType, encoding: 'utf8', content, mode };
}
