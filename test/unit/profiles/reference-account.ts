// The reference accounts the export tests use: a plain one (golden files) and a
// hostile one whose names try to break out of every syntax.
import type { Account } from '../../../shared/accounts.js';

export const referenceAccount: Account = {
  email: 'jane@example.com',
  displayName: 'Jane Doe',
  incoming: { protocol: 'imap', host: 'mail.example.com', port: 993, security: 'tls', username: 'jane@example.com', auth: ['password-cleartext'] },
  outgoing: { protocol: 'smtp', host: 'mail.example.com', port: 465, security: 'tls', username: 'jane@example.com', auth: ['password-cleartext'] },
  separateSmtpPassword: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

/** Quotes, ampersands, angle brackets, newlines, shell and TOML metacharacters, non-ASCII. */
export const HOSTILE_NAME = `Jöhn "Q" O'Brien & <Co> $(touch /tmp/pwned) \`id\` \\ ; # ]\n[evil]\nuser_pref("x", 1);\r\n%EMAILADDRESS% \u0007 日本`;

export const hostileAccount: Account = {
  ...referenceAccount,
  email: "o'brien$x&y`z@example.com",
  displayName: HOSTILE_NAME,
  incoming: { ...referenceAccount.incoming, host: '127.0.0.1', port: 1993, security: 'starttls', username: `o'brien"$x&y <u>\`id\`` },
  outgoing: { ...referenceAccount.outgoing, host: '127.0.0.1', port: 1587, security: 'starttls', username: `o'brien"$x&y <u>\`id\`` },
};
