// A scripted handler map for screen tests: answers like the real engine would in
// situations that are slow or awkward to stage for real (an insecure autoconfig, a
// certificate-name mismatch), and records what the page sent.
import type { Handlers } from '../../../core/handlers.js';
import type { Account } from '../../../shared/accounts.js';
import type { RequestName } from '../../../shared/contract.js';
import type { DiscoveryResult, SourceReport } from '../../../shared/model.js';
import type { TestProgress, TestReport } from '../../../shared/probe.js';

export interface Recorded {
  name: RequestName;
  params: Record<string, unknown>;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const IMAP_FINGERPRINT = '3F:9A:12:C4:77:0B:5E:91:D2:AA:40:18:6C:E3:5B:0F:92:11:7D:C8:4E:A5:39:F0:66:2B:D1:08:C7:54:E9:1A';

/** The second run, after the user trusted the IMAP certificate by its fingerprint. */
function trustedReport(email: string, imapHost: string, smtpHost: string): TestReport {
  const step = (name: TestProgress['step']['step'], detail?: string) => ({ step: name, ok: true, ms: 10, ...(detail ? { detail } : {}) });
  return {
    email,
    ok: true,
    summary: 'SMTP and IMAP work (IMAP certificate trusted by fingerprint)',
    servers: [
      { protocol: 'smtp', host: smtpHost, port: 587, security: 'starttls', ok: true, steps: [step('connect'), step('certificate'), step('auth', 'AUTH PLAIN accepted')], diagnosis: [], transcript: [] },
      {
        protocol: 'imap',
        host: imapHost,
        port: 993,
        security: 'tls',
        ok: true,
        steps: [step('connect'), step('certificate', 'trusted by fingerprint'), step('login'), step('folders'), step('idle')],
        tls: { protocol: 'TLSv1.3', validated: false, hostnameMatches: false, trustedByFingerprint: true, chain: [] },
        auth: { offeredBeforeTls: [], offeredAfterTls: ['PLAIN'], mechanism: 'PLAIN', ok: true, attempted: true, response: 'OK Logged in' },
        folders: { '\\Sent': 'Sent', '\\Drafts': 'Drafts', '\\Trash': 'Trash', '\\Junk': 'Junk' },
        idle: true,
        diagnosis: [{ code: 'CERT_TRUSTED_BY_FINGERPRINT', severity: 'info', message: `The certificate of ${imapHost} is not valid, but you trusted exactly this one by its fingerprint.` }],
        transcript: [],
      },
    ],
  };
}

/** A gate a test opens by hand: the engine waits at it, so the page's in-between state can be checked. */
export class Gate {
  private release!: () => void;
  public readonly opened = new Promise<void>((resolve) => (this.release = resolve));
  public open(): void {
    this.release();
  }
}

/** Addresses at slow.example stop half-way through discover and test until their gate opens. */
export interface Gates {
  discover: Gate;
  test: Gate;
}

export function scriptedEngine(calls: Recorded[], gates: Gates = { discover: new Gate(), test: new Gate() }): Handlers {
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
      for (const [i, s] of sources.entries()) {
        ctx.emit?.('discover:progress', { email: params.email, source: s });
        await pause(15);
        if (i === 1 && params.email.endsWith('@slow.example')) await gates.discover.opened;
      }
      if (params.email.endsWith('@empty.example')) {
        return { ok: true, value: { email: params.email, domain: 'empty.example', configs: [], sources: sources.map((s) => ({ ...s, status: 'not-found' as const, ms: 5 })) } };
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
        { protocol: 'smtp', step: { step: 'resolve', ok: true, ms: 2, detail: '127.0.3.20' } },
        { protocol: 'smtp', step: { step: 'connect', ok: true, ms: 12, detail: `${smtpHost}:587, STARTTLS` } },
        { protocol: 'smtp', step: { step: 'certificate', ok: true, ms: 31, detail: 'TLSv1.3, valid for the host name' } },
        { protocol: 'imap', step: { step: 'connect', ok: true, ms: 18 } },
        { protocol: 'imap', step: { step: 'certificate', ok: false, ms: 28, detail: 'self-signed certificate' } },
        { protocol: 'smtp', step: { step: 'relay-check', ok: true, ms: 9, detail: 'relaying refused without login' } },
        { protocol: 'smtp', step: { step: 'auth', ok: true, ms: 44, detail: 'AUTH PLAIN accepted' } },
      ] satisfies Omit<TestProgress, 'email'>[];
      for (const [i, s] of steps.entries()) {
        ctx.emit?.('test:progress', { email: params.email, ...s });
        await pause(20);
        if (i === 2 && params.email.endsWith('@slow.example')) await gates.test.opened;
      }
      if (params.trustFingerprints?.includes(IMAP_FINGERPRINT)) return { ok: true, value: trustedReport(params.email, imapHost, smtpHost) };
      const report: TestReport = {
        email: params.email,
        ok: false,
        summary: 'SMTP works; IMAP failed: CERT_UNTRUSTED',
        servers: [
          {
            protocol: 'smtp',
            host: smtpHost,
            port: 587,
            security: 'starttls',
            ok: true,
            steps: steps.filter((s) => s.protocol === 'smtp').map((s) => s.step),
            tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', validated: true, hostnameMatches: true, trustedByFingerprint: false, chain: [{ subject: `CN=${smtpHost}`, subjectAltNames: [smtpHost], issuer: 'CN=Test CA', validFrom: '2026-01-01', validTo: '2027-01-01', fingerprint256: 'AA:BB' }] },
            auth: { offeredBeforeTls: [], offeredAfterTls: ['PLAIN', 'LOGIN'], mechanism: 'PLAIN', ok: true, attempted: true, response: '235 2.7.0 Authentication successful' },
            diagnosis: [],
            transcript: ['S: 220 mail ESMTP', 'C: EHLO client', 'C: STARTTLS', 'C: AUTH PLAIN ********', 'S: 235 2.7.0 Authentication successful'],
          },
          {
            protocol: 'imap',
            host: imapHost,
            port: 993,
            security: 'tls',
            ok: false,
            steps: steps.filter((s) => s.protocol === 'imap').map((s) => s.step),
            tls: { protocol: 'TLSv1.3', validated: false, hostnameMatches: true, trustedByFingerprint: false, error: 'DEPTH_ZERO_SELF_SIGNED_CERT', chain: [{ subject: `CN=${imapHost}`, subjectAltNames: [imapHost], issuer: `CN=${imapHost}`, validFrom: '2026-01-01', validTo: '2027-01-01', fingerprint256: IMAP_FINGERPRINT }] },
            diagnosis: [
              {
                code: 'CERT_UNTRUSTED',
                severity: 'error',
                message: `The certificate of ${imapHost}:993 is not signed by an authority this computer trusts (self-signed certificate). No password was sent.`,
                fix: 'Ask the provider to install a certificate from a public authority. If you know this certificate is right, trust exactly it.',
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
        lastTest: { at: now, ok: false, summary: 'IMAP: CERT_UNTRUSTED' },
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
    audit: async (params) => {
      record('audit', params);
      return { ok: false, error: { code: 'INTERNAL', message: 'the scripted engine does not audit' } };
    },
  };
}
