// Which account an export uses: saved, given on the command line, or both merged.
import { describe, expect, it } from 'vitest';
import { mergeAccount } from '../../../core/profiles/account-source.js';
import type { Account } from '../../../shared/accounts.js';
import { referenceAccount } from './reference-account.js';

const saved: Account = {
  ...referenceAccount,
  incoming: { ...referenceAccount.incoming, username: 'jdoe', auth: ['password-encrypted'] },
  outgoing: { ...referenceAccount.outgoing, username: 'jdoe' },
  separateSmtpPassword: true,
};

describe('mergeAccount', () => {
  it('uses the saved account as it is when no settings are given', () => {
    const r = mergeAccount({ email: 'jane@example.com', format: 'mutt' }, saved);
    expect(r.ok && r.value).toEqual(saved);
  });

  it('builds the account from given settings, the address as login by default', () => {
    const r = mergeAccount({ email: 'Bob@Example.ORG', format: 'mutt', imap: { host: 'imap.example.org', port: 993, security: 'tls' }, smtp: { host: 'smtp.example.org', port: 587, security: 'starttls' } }, null);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.email).toBe('Bob@example.org');
    expect(r.value.incoming).toEqual({ protocol: 'imap', host: 'imap.example.org', port: 993, security: 'tls', username: 'Bob@example.org', auth: ['password-cleartext'] });
    expect(r.value.outgoing.security).toBe('starttls');
    expect(r.value.separateSmtpPassword).toBe(false);
  });

  it('lays given settings over the saved account, keeping its login and SMTP password flag', () => {
    const r = mergeAccount({ email: 'jane@example.com', format: 'mutt', smtp: { host: 'smtp2.example.com', port: 465, security: 'tls' }, displayName: 'J. Doe' }, saved);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.incoming).toEqual(saved.incoming);
    expect(r.value.outgoing).toMatchObject({ host: 'smtp2.example.com', username: 'jdoe' });
    expect(r.value.displayName).toBe('J. Doe');
    expect(r.value.separateSmtpPassword).toBe(true);
  });

  it('--username overrides the saved login on both servers', () => {
    const r = mergeAccount({ email: 'jane@example.com', format: 'mutt', username: 'jane.doe' }, saved);
    expect(r.ok && [r.value.incoming.username, r.value.outgoing.username]).toEqual(['jane.doe', 'jane.doe']);
  });

  it('asks for both servers when nothing is saved', () => {
    const r = mergeAccount({ email: 'jane@example.com', format: 'mutt', imap: { host: 'mail.example.com', port: 993, security: 'tls' } }, null);
    expect(r.ok ? 'ok' : r.error.code).toBe('ACCOUNT_NOT_FOUND');
  });
});
