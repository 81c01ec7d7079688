// Client profile exports.
export const EXPORT_FORMATS = [
  'apple',
  'thunderbird-autoconfig',
  'thunderbird-prefs',
  'thunderbird-mobile-qr',
  'k9s',
  'outlook-autodiscover',
  'mutt',
  'aerc',
  'msmtp',
  'mbsync',
  'himalaya',
  'dns-srv',
  'publish-kit',
  'helpdesk-sheet',
] as const;

export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportParams {
  email: string;
  format: ExportFormat;
  /** Include the password (Apple profile only; the user asked by name). */
  includePassword?: boolean;
  /** Signing certificate and key, PEM text (Apple profile). */
  signCertPem?: string;
  signKeyPem?: string;
  /** URL where the admin hosts the Apple profile (helpdesk sheet QR code). */
  profileUrl?: string;
}

export interface ExportFile {
  /** Relative file name (inside a folder for publish-kit). */
  name: string;
  mediaType: string;
  /** utf8 text or base64 for binary content. */
  encoding: 'utf8' | 'base64';
  content: string;
  /** Unix mode to write the file with (e.g. 0o600 for files that name a keychain command). */
  mode?: number;
}

export interface ExportResult {
  email: string;
  format: ExportFormat;
  files: ExportFile[];
  warnings: string[];
}
