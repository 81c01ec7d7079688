/**
 * Vitest globalSetup: the real mail stack for integration and e2e suites.
 *
 * Starts once per run (joins a stack another run on this machine already started) and
 * stops on teardown when no other run uses it. Provides, via `inject('mailstack')` and
 * the environment of the test workers:
 *   - caFile       MAILSTACK_CA       PEM of the throw-away CA every trusted server cert chains to
 *   - dir          MAILSTACK_DIR      root of everything the stack wrote (configs, logs, mail)
 *   - dns          MAILSTACK_DNS      "127.0.0.3:PORT": DNS server answering the HOSTS of fixtures.ts
 *   - postfixLog / dovecotLog         the servers' log files
 *   - hosts, users                    host name → address, and the test mailboxes (also importable from fixtures.ts)
 * Servers (see fixtures.ts ADDR/HOSTS): mail.example.test = 127.0.0.1 with Postfix 25/587
 * (STARTTLS, smtpd_tls_auth_only)/465 and Dovecot 143/993; users alice@example.test (ASCII
 * password) and bob@example.test (non-ASCII + quotes), passwords in fixtures.ts USERS.
 * Variants: nostarttls.example.test:587 (no STARTTLS), relay.example.test:25/587 (open
 * relay), mail.hoster.test (cert only for server1.hoster.test), mail.untrusted.test (cert
 * from an unknown CA), mail.expired.test (trusted CA, right name, expired: fixtures.ts
 * EXPIRED_CERT), closed.example.test (nothing listens).
 * The last run out stops the servers and deletes their files (MAILSTACK_KEEP=1 keeps them).
 * When postfix/dovecot are missing: `mailstack` is null locally (suites skip), and the
 * run fails in CI (test/support/require.ts).
 */
import type { TestProject } from 'vitest/node';
import { missingServer } from '../require.js';
import { startDnsServer, type StackDnsServer } from './dns-server.js';
import { ADDR, HOSTS, USERS, type StackUser } from './fixtures.js';
import { acquireStack, missingBinaries, releaseStack } from './stack.js';

export interface MailStackContext {
  dir: string;
  caFile: string;
  dns: string;
  postfixLog: string;
  dovecotLog: string;
  hosts: Record<string, string>;
  users: StackUser[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    mailstack: MailStackContext | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const missing = missingBinaries();
  if (missing.length > 0) {
    missingServer('the Postfix + Dovecot mail stack', `missing ${missing.join(', ')}`);
    project.provide('mailstack', null);
    return async () => undefined;
  }
  const { info, token } = await acquireStack();
  let dns: StackDnsServer | undefined;
  try {
    dns = await startDnsServer(ADDR.dns, HOSTS);
  } catch (e) {
    await releaseStack(token);
    throw e;
  }
  const ctx: MailStackContext = { ...info, dns: `${dns.host}:${dns.port}`, hosts: HOSTS, users: Object.values(USERS) };
  project.provide('mailstack', ctx);
  process.env.MAILSTACK_CA = ctx.caFile;
  process.env.MAILSTACK_DIR = ctx.dir;
  process.env.MAILSTACK_DNS = ctx.dns;
  return async () => {
    await dns?.close();
    await releaseStack(token);
  };
}
