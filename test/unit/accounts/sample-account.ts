// One saved account as the tests of accounts.json write it.
import type { Account } from '../../../shared/accounts.js';

export function sampleAccount(email: string): Account {
  const server = { host: 'mail.example.com', port: 993, security: 'tls' as const, username: email, auth: ['password-cleartext' as const] };
  return {
    email,
    incoming: { ...server, protocol: 'imap' },
    outgoing: { ...server, protocol: 'smtp', port: 587, security: 'starttls' },
    separateSmtpPassword: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}
