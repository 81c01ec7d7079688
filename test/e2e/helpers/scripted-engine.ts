// A scripted handler map for screen tests: answers like the real engine would in
// situations that are slow or awkward to stage for real (an insecure autoconfig, a
// certificate-name mismatch), and records what the page sent.
import { domainToUnicode } from 'node:url';
import type { Handlers } from '../../../core/handlers.js';
import type { Account, SaveParams } from '../../../shared/accounts.js';
import type { ExportFile, ExportFormat } from '../../../shared/profiles.js';
import type { RequestName } from '../../../shared/contract.js';
import type { DiscoveryResult, SourceReport } from '../../../shared/model.js';
import type { TestProgress, TestReport } from '../../../shared/probe.js';
import { cpanelNotUsed } from '../../support/cpanel-not-used.js';

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

/** Port 587 never answers (a network that blocks it); IMAP works. */
function blockedReport(email: string, imapHost: string, smtpHost: string): TestReport {
  return {
    email,
    ok: false,
    summary: 'SMTP failed: CONNECTION_TIMEOUT; IMAP works',
    servers: [
      {
        protocol: 'smtp',
        host: smtpHost,
        port: 587,
        security: 'starttls',
        ok: false,
        steps: [{ step: 'connect', ok: false, ms: 10_000, detail: 'no answer' }],
        diagnosis: [{ code: 'CONNECTION_TIMEOUT', severity: 'error', message: `No answer from ${smtpHost}:587: the connection timed out.`, fix: 'Your network may block port 587. Try port 465 (SSL/TLS) instead.' }],
        transcript: [],
      },
      { protocol: 'imap', host: imapHost, port: 993, security: 'tls', ok: true, steps: [{ step: 'login', ok: true, ms: 20 }], diagnosis: [], transcript: [] },
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

async function untilOpenOrStopped(gate: Gate, signal: AbortSignal | undefined): Promise<void> {
  await Promise.race([gate.opened, new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }))]);
}

function accountFrom(params: SaveParams): Account {
  const now = new Date('2026-11-25T16:00:00Z').toISOString();
  const username = params.username ?? params.email;
  return {
    email: params.email,
    ...(params.displayName ? { displayName: params.displayName } : {}),
    incoming: { protocol: 'imap', host: params.imap?.host ?? '', port: params.imap?.port ?? 993, security: params.imap?.security ?? 'tls', username, auth: ['password-cleartext'] },
    outgoing: { protocol: 'smtp', host: params.smtp?.host ?? '', port: params.smtp?.port ?? 587, security: params.smtp?.security ?? 'starttls', username, auth: ['password-cleartext'] },
    separateSmtpPassword: false,
    createdAt: now,
    updatedAt: now,
  };
}

/** A small real QR code (of the word "mailsetup") stands in for the account's code. */
const QR_PNG = 'iVBORw0KGgoAAAANSUhEUgAAABcAAAAXCAYAAADgKtSgAAAAAklEQVR4AewaftIAAAEmSURBVLXBAWrjQBAAwW6z//9ynwa0IISV2AepsgN/ZHFQeVIxVLaKofKkYnGquFPZKlQqVCpGxZ3KWFyobBWbSkXFqLhS2Sq2F/9B5RMvPqTyrcVFxU9URsVVxTuLk8pPKlQqVCqGyhM78AuVim8tDioVKncVFZtKxVC5q9henFQqtooKFZWhMlRUKipGxaYy7MBJpUKlQqXiTmVUbCpbxXhxUBkVm0qFylBRUblSeWIHLlTeqVCpUNkqrlRGxeKm4k5F5apiU6kYFSrDDipPKoZKhUrFncpWMRanijuVoVIxKj61uFDZKq5Utoq7ik2lYvGFChWVdypGxXjxpYpRMSoqKlSuFhcV71RsKkNlU3lncVJ5olIxKlQqhkqFSoVKxbADf+QfsSTzIEDsDkYAAAAASUVORK5CYII=';

function exportFiles(format: ExportFormat, a: Account): ExportFile[] {
  const text = (name: string, mediaType: string, content: string): ExportFile => ({ name, mediaType, encoding: 'utf8', content });
  switch (format) {
    case 'thunderbird-mobile-qr':
      return [text('qr-payload.json', 'application/json', '[]'), { name: 'qr.png', mediaType: 'image/png', encoding: 'base64', content: QR_PNG }];
    case 'helpdesk-sheet':
      return [text('helpdesk.html', 'text/html', `<!doctype html><html><head><style>body{color:red}</style><script>window.bad=1</script></head><body><h1>Your email: ${a.email}</h1><table><tr><th>Incoming</th><td>${a.incoming.host}</td></tr><tr><th>Outgoing</th><td>${a.outgoing.host}</td></tr></table><p onclick="alert(1)">Steps for your mail program.</p></body></html>`)];
    case 'publish-kit':
      return [
        text('mail/config-v1.1.xml', 'application/xml', `<clientConfig><hostname>${a.incoming.host}</hostname></clientConfig>`),
        text('autodiscover/autodiscover.xml', 'application/xml', '<Autodiscover/>'),
        text('README.txt', 'text/plain', 'Where each file goes.'),
      ];
    default:
      return [text(`${format}.txt`, 'text/plain', `account ${a.email}\nhost ${a.outgoing.host}\n`)];
  }
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
      const username = params.email;
      const value: DiscoveryResult = {
        email: params.email,
        domain: params.email.slice(params.email.lastIndexOf('@') + 1).toLowerCase(),
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
      for (const [i, s] of sources.entries()) {
        ctx.emit?.('discover:progress', { email: params.email, source: s });
        await pause(15);
        if (i === 1 && params.email.endsWith('@slow.example')) await untilOpenOrStopped(gates.discover, ctx.signal);
        // slowfound.example: parked after the autoconfig answer, until stopped.
        if (i === 2 && params.email.endsWith('@slowfound.example')) await untilOpenOrStopped(new Gate(), ctx.signal);
        if (ctx.signal?.aborted) {
          // Stopped: what was found so far, as the engine answers a cancelled discovery.
          const asked = sources.slice(0, i + 1);
          const found = value.configs.filter((c) => asked.some((a) => a.source === c.source && a.status === 'found'));
          return { ok: true, value: { ...value, configs: found, sources: asked } };
        }
      }
      if (params.email.endsWith('@empty.example')) {
        return { ok: true, value: { email: params.email, domain: 'empty.example', configs: [], sources: sources.map((s) => ({ ...s, status: 'not-found' as const, ms: 5 })) } };
      }
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
        if (i === 2 && params.email.endsWith('@slow.example')) await untilOpenOrStopped(gates.test, ctx.signal);
        if (ctx.signal?.aborted) return { ok: true, value: { email: params.email, ok: false, summary: 'cancelled', servers: [] } };
      }
      if (smtpHost.startsWith('blocked.') && params.smtp?.port === 587) return { ok: true, value: blockedReport(params.email, imapHost, smtpHost) };
      if (params.trustFingerprints?.includes(IMAP_FINGERPRINT)) {
        const report = trustedReport(params.email, imapHost, smtpHost);
        if (params.save && params.email.endsWith('@nokeychain.example')) {
          report.saved = { ok: false, message: 'No system keychain is available (no Secret Service on the session bus).' };
        } else if (params.save) {
          const at = new Date().toISOString();
          saved.set(params.email, { ...accountFrom({ ...params, password: params.password ?? '' }), lastTest: { at, ok: true, summary: report.summary } });
          report.saved = { ok: true };
        }
        return { ok: true, value: report };
      }
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
      const account = accountFrom(params);
      saved.set(account.email, account);
      return { ok: true, value: account };
    },
    accounts: async () => ({ ok: true, value: [...saved.values()] }),
    forget: async (params) => {
      record('forget', params);
      const removed = saved.delete(params.email);
      return removed ? { ok: true, value: { email: params.email, removedSecrets: 1, removedSettings: true } } : { ok: false, error: { code: 'ACCOUNT_NOT_FOUND', message: `No saved account ${params.email}.` } };
    },
    hosts: async (params) => {
      record('hosts', params);
      return { ok: true, value: params.hosts.map((host) => ({ host, unicode: domainToUnicode(host), registrable: domainToUnicode(host.split('.').slice(-2).join('.')), ...(params.resolve ? { resolves: host.startsWith('server') } : {}) })) };
    },
    export: async (params) => {
      record('export', params);
      const a = saved.get(params.email) ?? (params.imap && params.smtp ? accountFrom({ ...params, password: '' }) : undefined);
      if (!a) return { ok: false, error: { code: 'ACCOUNT_NOT_FOUND', message: `No saved account ${params.email}.`, fix: 'Save the account first, or check the spelling.' } };
      return { ok: true, value: { email: params.email, format: params.format, warnings: [], files: exportFiles(params.format, a) } };
    },
    ...cpanelNotUsed(),
    audit: async (params) => {
      record('audit', params);
      return { ok: false, error: { code: 'INTERNAL', message: 'the scripted engine does not audit' } };
    },
  };
}
