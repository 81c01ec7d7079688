// A scripted handler map for screen tests: answers like the real engine would in
// situations that are slow or awkward to stage for real (an insecure autoconfig, a
// certificate-name mismatch), and records what the page sent.
import type { Handlers } from '../../../core/handlers.js';
import type { Account } from '../../../shared/accounts.js';
import type { RequestName } from '../../../shared/contract.js';
import type { DiscoveryResult, SourceReport } from '../../../shared/model.js';
import type { TestReport } from '../../../shared/probe.js';

export interface Recorded {
  name: RequestName;
  params: Record<string, unknown>;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function scriptedEngine(calls: Recorded[]): Handlers {
  const saved = new Map<string, Account>();
  const record = (name: RequestName, params: object) => calls.push({ name, params: { ...params } as Record<string, unknown> });

  return {
    discover: async (params, ctx) => {
      record('discover', params);
      const sources: SourceReport[] = [
        { source: 'ispdb-bundled', status: 'not-found', ms: 2 },
        { source: 'ispdb', status: 'not-found', ms: 41 },
        { source: 'autoconfig', status: 'found', ms: 63, detail: 'http only: https://autoconfig.example.org refused the connection' },
        { source: 'srv', status: 'not-found', ms: 22 },
        { source: 'mx', status: 'not-found', ms: 30 },
        { source: 'autodiscover', status: 'timeout', ms: 3000 },
        { source: 'guess', status: 'found', ms: 2100 },
      ];
      for (const s of sources) {
        ctx.emit?.('discover:progress', { email: params.email, source: s });
        await pause(15);
      }
      const username = params.email;
      const value: DiscoveryResult = {
        email: params.email,
        domain: 'example.org',
        configs: [
          {
            source: 'autoconfig',
            url: 'http://autoconfig.example.org/mail/config-v1.1.xml?emailaddress=' + encodeURIComponent(params.email),
            secure: false,
            incoming: [{ protocol: 'imap', host: 'mail.example-hosting.net', port: 993, security: 'tls', username, auth: ['password-cleartext'] }],
            outgoing: [{ protocol: 'smtp', host: 'mail.example-hosting.net', port: 587, security: 'starttls', username, auth: ['password-cleartext'] }],
          },
          {
            source: 'guess',
            url: 'probe:imap.example.org',
            secure: false,
            incoming: [{ protocol: 'imap', host: 'imap.example.org', port: 143, security: 'starttls', username, auth: ['password-cleartext'] }],
            outgoing: [{ protocol: 'smtp', host: 'smtp.example.org', port: 587, security: 'starttls', username, auth: ['password-cleartext'] }],
          },
        ],
        sources,
      };
      return { ok: true, value };
    },
    test: async (params, ctx) => {
      record('test', params);
      const imapHost = params.imap?.host ?? '?';
      const smtpHost = params.smtp?.host ?? '?';
      const steps = [
        { protocol: 'smtp' as const, step: { step: 'connect', ok: true, ms: 12, detail: `${smtpHost}:587` } },
        { protocol: 'smtp' as const, step: { step: 'EHLO', ok: true, ms: 8 } },
        { protocol: 'smtp' as const, step: { step: 'STARTTLS', ok: true, ms: 31, detail: 'TLSv1.3' } },
        { protocol: 'imap' as const, step: { step: 'connect + TLS', ok: false, ms: 28, detail: 'certificate is for server17.hosting-co.net' } },
        { protocol: 'smtp' as const, step: { step: 'AUTH PLAIN', ok: true, ms: 44 } },
      ];
      for (const s of steps) {
        ctx.emit?.('test:progress', { email: params.email, ...s });
        await pause(20);
      }
      const report: TestReport = {
        email: params.email,
        ok: false,
        servers: [
          {
            protocol: 'smtp',
            host: smtpHost,
            port: 587,
            security: 'starttls',
            ok: true,
            steps: steps.filter((s) => s.protocol === 'smtp').map((s) => s.step),
            tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', validated: true, hostnameMatches: true, chain: [{ subject: `CN=${smtpHost}`, subjectAltNames: [smtpHost], issuer: 'CN=Test CA', validFrom: '2026-01-01', validTo: '2027-01-01', fingerprint256: 'AA:BB' }] },
            auth: { offeredBeforeTls: [], offeredAfterTls: ['PLAIN', 'LOGIN'], mechanism: 'PLAIN', ok: true, response: '235 2.7.0 Authentication successful' },
            diagnosis: [],
            transcript: ['S: 220 mail ESMTP', 'C: EHLO client', 'C: STARTTLS', 'C: AUTH PLAIN ********', 'S: 235 2.7.0 Authentication successful'],
          },
          {
            protocol: 'imap',
            host: imapHost,
            port: 993,
            security: 'tls',
            ok: false,
            steps: [{ step: 'connect + TLS', ok: false, ms: 28, detail: 'certificate is for server17.hosting-co.net' }],
            tls: { protocol: 'TLSv1.3', validated: false, hostnameMatches: false, chain: [{ subject: 'CN=server17.hosting-co.net', subjectAltNames: ['server17.hosting-co.net'], issuer: 'CN=Test CA', validFrom: '2026-01-01', validTo: '2027-01-01', fingerprint256: 'CC:DD' }] },
            diagnosis: [
              {
                code: 'CERT_HOSTNAME_MISMATCH',
                severity: 'error',
                message: `The certificate of ${imapHost} is valid for server17.hosting-co.net, not for ${imapHost}.`,
                fix: 'Use server17.hosting-co.net as the IMAP server name (the usual case on shared hosting).',
              },
            ],
            transcript: [],
          },
        ],
      };
      return { ok: true, value: report };
    },
    save: async (params) => {
      record('save', params);
      const now = new Date('2026-11-25T16:00:00Z').toISOString();
      const username = params.username ?? params.email;
      const account: Account = {
        email: params.email,
        ...(params.displayName ? { displayName: params.displayName } : {}),
        incoming: { protocol: 'imap', host: params.imap?.host ?? '', port: params.imap?.port ?? 993, security: params.imap?.security ?? 'tls', username, auth: ['password-cleartext'] },
        outgoing: { protocol: 'smtp', host: params.smtp?.host ?? '', port: params.smtp?.port ?? 587, security: params.smtp?.security ?? 'starttls', username, auth: ['password-cleartext'] },
        separateSmtpPassword: false,
        createdAt: now,
        updatedAt: now,
        lastTest: { at: now, ok: false, summary: 'IMAP: CERT_HOSTNAME_MISMATCH' },
      };
      saved.set(account.email, account);
      return { ok: true, value: account };
    },
    accounts: async () => ({ ok: true, value: [...saved.values()] }),
    forget: async (params) => {
      record('forget', params);
      const removed = saved.delete(params.email);
      return removed ? { ok: true, value: { email: params.email, removedSecrets: 1, removedSettings: true } } : { ok: false, error: { code: 'ACCOUNT_NOT_FOUND', message: `No saved account ${params.email}.` } };
    },
    export: async (params) => {
      record('export', params);
      if (!saved.has(params.email)) return { ok: false, error: { code: 'ACCOUNT_NOT_FOUND', message: `No saved account ${params.email}.`, fix: 'Save the account first, or check the spelling.' } };
      const a = saved.get(params.email)!;
      return {
        ok: true,
        value: {
          email: params.email,
          format: params.format,
          warnings: [],
          files: [
            {
              name: 'msmtprc',
              mediaType: 'text/plain',
              encoding: 'utf8',
              content: `account ${a.email}\nhost ${a.outgoing.host}\nport ${a.outgoing.port}\ntls on\ntls_starttls on\nauth on\nuser ${a.outgoing.username}\npasswordeval "secret-tool lookup service mailsetup username ${a.email}"\n`,
            },
          ],
        },
      };
    },
  };
}
