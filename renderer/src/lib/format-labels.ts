// Names of the export formats in plain words, for lists where the person picks a file.
import type { ExportFormat } from '../../../shared/profiles.js';

export const FORMAT_LABELS: Record<ExportFormat, { label: string; hint: string }> = {
  apple: { label: 'Apple Mail, iPhone and iPad profile', hint: 'installs the account on a Mac, iPhone or iPad' },
  'thunderbird-autoconfig': { label: 'Thunderbird settings file for a web server', hint: 'for the domain’s administrator' },
  'thunderbird-prefs': { label: 'Thunderbird (add once)', hint: 'adds the account to Thunderbird once; later changes stay' },
  'thunderbird-user-js': { label: 'Thunderbird, managed by an administrator', hint: 'applied again at every start; changes by the user are undone' },
  'thunderbird-mobile-qr': { label: 'Thunderbird for Android code', hint: 'scan it with the mobile app' },
  k9s: { label: 'K-9 Mail / Thunderbird for Android settings', hint: 'a settings file to import in the app' },
  'outlook-autodiscover': { label: 'Outlook settings file for a web server', hint: 'for the domain’s administrator' },
  mutt: { label: 'NeoMutt', hint: 'reads the password from the keychain when it runs' },
  aerc: { label: 'aerc', hint: 'reads the password from the keychain when it runs' },
  msmtp: { label: 'msmtp', hint: 'reads the password from the keychain when it runs' },
  mbsync: { label: 'mbsync (isync)', hint: 'reads the password from the keychain when it runs' },
  himalaya: { label: 'Himalaya', hint: 'reads the password from the keychain when it runs' },
  'dns-srv': { label: 'DNS service records', hint: 'for the domain’s DNS zone' },
  'publish-kit': { label: 'Publish kit for the domain’s administrator', hint: 'every file a web server and DNS need, with a guide' },
  'helpdesk-sheet': { label: 'Settings sheet', hint: 'a printable page with the settings' },
};
