// A local imitation of cPanel's UAPI over HTTPS (cpsrvd on :2083), for tests only.
//
// What it imitates, and from where: the endpoints MailSetup calls, as described in the
// project's verified reference notes (../shared/reference/cpanel-uapi.md beside the repository, kept with
// the project's shared notes) and cPanel's UAPI documentation
// (https://api.docs.cpanel.net/ — "API Tokens in cPanel", the per-function pages
// Variables::get_user_information, Email::list_mail_domains, list_pops_with_disk,
// add_pop, get_client_settings, PasswdStrength::get_required_strength,
// EmailAuth::validate_current_spfs/_dkims/_ptrs, enable_dkim, install_spf_records):
//   - transport: TLS, POST x-www-form-urlencoded or GET query, both merged; repeated keys
//     and `name-N` keys as lists (reference §2.2);
//   - auth: `Authorization: cpanel USER:TOKEN`, split at the first ":"; a missing, wrong or
//     expired token → HTTP 401 "Access Denied" with an HTML body (a switch answers 403
//     instead, which clients must tolerate); a token on a non-/execute path → 403 with
//     "Token authentication allows access to UAPI or API 2 calls only." (§1);
//   - the bare envelope {data, errors, warnings, messages, metadata, status}, HTTP 200 for
//     every API outcome, `metadata {"transformed":1}` only for successful array data (§2.1);
//   - error texts with curly quotes: unknown function/module, missing feature
//     `You do not have the feature “F”.`, role off, foreign domain, missing domain (§6.4);
//   - numbers sometimes as strings (`_diskquota`, `smtp_insecure_port`) (§6.5);
//   - the password-strength rule of §5 with `minpwstrength` (default 65).
// Where the reference marks a text unverified (add_pop's duplicate and quota texts, an
// unknown account in get_client_settings) the text here is a plausible stand-in that
// clients must not depend on. Which feature the Email:: functions check is unverified;
// here they need "popaccts" (cPanel's "Email Accounts" feature), so a test can remove it.
//
// Backed by the real test mail stack: a mailbox created with Email::add_pop is appended
// to the real Dovecot passwd-file (same hashed format as test/support/mailstack), so the
// connection test that follows logs in for real on Postfix and Dovecot.
import { randomInt } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { passwordStrength } from '../../core/cpanel/password.js';
import { dovecotHash, NOBODY } from './mailstack/configs.js';

export interface ImitationRequest {
  method: string;
  path: string;
  host: string;
  authorization?: string;
  params: Record<string, string[]>;
}

export interface ImitationClientSettings {
  inboxHost: string;
  smtpHost: string;
  hasPlaintext: 0 | 1;
  /** cPanel may send it as a string (reference §3). */
  smtpInsecurePort: number | string;
}

export interface ImitationMailbox {
  email: string;
  quotaBytes: number;
  usedBytes: number;
}

export interface ImitationAuthState {
  spf: Record<string, unknown>;
  dkim: Record<string, unknown>;
  ptr: Record<string, unknown>;
}

export interface ImitationAccount {
  user: string;
  token: string;
  /** Main domain first. */
  domains: string[];
  /** Features the account has; default: every feature used here. */
  features?: Set<string>;
  /** The "Receive Mail" server role. */
  receiveMail?: boolean;
  minPwStrength?: number;
  /** Max per-mailbox quota in MB; null: unlimited allowed. */
  maxQuotaMb?: number | null;
  defaultQuotaMb?: number;
  clientSettings: Record<string, ImitationClientSettings>;
  emailAuth?: Record<string, ImitationAuthState>;
  mailboxes?: ImitationMailbox[];
}

export interface CpanelImitationOptions {
  host: string;
  port?: number;
  cert: string;
  key: string;
  accounts: ImitationAccount[];
  /** Refused tokens get this status (401 is cPanel's; 403 is tolerated by clients). */
  refusalStatus?: 401 | 403;
  /** Answer every request with a 302 to this URL (a cPanel behind a redirecting proxy). */
  redirectTo?: string;
  /** The mail stack's Dovecot users file and mail folder: add_pop appends real users there. */
  dovecot?: { usersFile: string; mailDir: string };
}

export interface CpanelImitation {
  url: string;
  host: string;
  port: number;
  requests: ImitationRequest[];
  accounts: ImitationAccount[];
  /** Plain-text passwords of mailboxes created through add_pop (for assertions only). */
  created: Map<string, string>;
  replaceCertificate(cert: string, key: string): void;
  close(): Promise<void>;
}

export const ALL_FEATURES = ['emailauth', 'popaccts', 'sslinstall', 'apitokens'];

interface Envelope {
  data: unknown;
  errors: string[] | null;
  warnings: string[] | null;
  messages: string[] | null;
  metadata: Record<string, unknown>;
  status: 0 | 1;
}

const success = (data: unknown, messages: string[] | null = null): Envelope => ({
  data,
  errors: null,
  warnings: null,
  messages,
  metadata: Array.isArray(data) ? { transformed: 1 } : {},
  status: 1,
});
const failure = (...errors: string[]): Envelope => ({ data: null, errors, warnings: null, messages: null, metadata: {}, status: 0 });

class UapiError extends Error {}

/** Form values: repeated keys and `name-N` keys collected as lists, in order (reference §2.2). */
function collect(search: URLSearchParams, into: Record<string, string[]>): void {
  for (const [rawKey, value] of search) {
    const key = rawKey.replace(/-\d+$/, '');
    (into[key] ??= []).push(value);
  }
}

function one(params: Record<string, string[]>, name: string): string | undefined {
  return params[name]?.[0];
}

export async function startCpanelImitation(opts: CpanelImitationOptions): Promise<CpanelImitation> {
  const requests: ImitationRequest[] = [];
  const created = new Map<string, string>();
  const sockets = new Set<Socket>();
  const mailboxes = new Map<ImitationAccount, ImitationMailbox[]>(opts.accounts.map((a) => [a, [...(a.mailboxes ?? [])]]));

  const has = (a: ImitationAccount, feature: string): boolean => (a.features ?? new Set(ALL_FEATURES)).has(feature);
  const needFeature = (a: ImitationAccount, feature: string): void => {
    if (!has(a, feature)) throw new UapiError(`You do not have the feature “${feature}”.`);
  };
  const needReceiveMail = (a: ImitationAccount): void => {
    if (a.receiveMail === false) throw new UapiError('This server does not support this functionality.');
  };
  const ownDomain = (a: ImitationAccount, domain: string): string => {
    const d = domain.toLowerCase();
    if (!a.domains.includes(d)) throw new UapiError(`You do not control the “${domain}” domain.`);
    return d;
  };
  const domainsArg = (a: ImitationAccount, params: Record<string, string[]>): string[] => {
    const list = params.domain ?? [];
    if (list.length === 0) throw new UapiError('Provide at least one “domain” argument.');
    return list.map((d) => ownDomain(a, d));
  };
  const authState = (a: ImitationAccount, domain: string): ImitationAuthState => {
    const state = a.emailAuth?.[domain];
    if (!state) throw new UapiError(`The system failed to check “${domain}”.`);
    return state;
  };

  async function addPop(a: ImitationAccount, params: Record<string, string[]>): Promise<unknown> {
    needFeature(a, 'popaccts');
    needReceiveMail(a);
    const emailArg = one(params, 'email');
    const password = one(params, 'password');
    if (!emailArg) throw new UapiError('You must specify the “email” parameter.');
    if (!password) throw new UapiError('You must specify the “password” parameter.');
    const [local, inDomain] = emailArg.includes('@') ? (emailArg.split('@') as [string, string]) : [emailArg, undefined];
    const domain = ownDomain(a, one(params, 'domain') ?? inDomain ?? (a.domains[0] as string));
    if (local.toLowerCase() === 'cpanel') throw new UapiError('You cannot use “cpanel” as an email account name.');
    const email = `${local}@${domain}`.toLowerCase();
    const list = mailboxes.get(a) as ImitationMailbox[];
    if (list.some((m) => m.email === email)) throw new UapiError(`The account “${email}” already exists.`);
    const required = a.minPwStrength ?? 65;
    const strength = passwordStrength(password);
    if (strength < required) throw new UapiError(`The given password is too weak. Please enter a password with a strength rating of ${required} or higher.`);
    const quotaArg = one(params, 'quota');
    const max = a.maxQuotaMb === undefined ? null : a.maxQuotaMb;
    let quotaMb = a.defaultQuotaMb ?? 1024;
    if (quotaArg !== undefined) {
      const unlimited = quotaArg === '0' || quotaArg === 'unlimited';
      if (unlimited && max !== null) throw new UapiError(`The quota may not be unlimited: the maximum for this account is ${max} MB.`);
      if (!unlimited && !/^\d+$/.test(quotaArg)) throw new UapiError('The quota must be a whole number of megabytes.');
      quotaMb = unlimited ? 0 : Number(quotaArg);
      if (max !== null && quotaMb > max) throw new UapiError(`The quota may not exceed the maximum of ${max} MB.`);
    }
    if (opts.dovecot) {
      // One append, one line: the stack's other users are never touched.
      const home = path.join(opts.dovecot.mailDir, domain, local);
      await appendFile(opts.dovecot.usersFile, `${email}:${dovecotHash(password)}:${NOBODY}:${NOBODY}::${home}\n`);
      // Dovecot's passwd-file looks at the file at most once per second (db-passwd-file.c,
      // last_sync_time): wait into the next second so the first login sees the new user.
      await new Promise((r) => setTimeout(r, 1050 - (Date.now() % 1000)));
    }
    list.push({ email, quotaBytes: quotaMb * 1024 * 1024, usedBytes: 0 });
    created.set(email, password);
    return `${local}+${domain}`;
  }

  function listPopsWithDisk(a: ImitationAccount, params: Record<string, string[]>): unknown {
    needFeature(a, 'popaccts');
    needReceiveMail(a);
    const domain = one(params, 'domain')?.toLowerCase();
    return (mailboxes.get(a) as ImitationMailbox[])
      .filter((m) => domain === undefined || m.email.endsWith(`@${domain}`))
      .map((m) => {
        const [user, dom] = m.email.split('@') as [string, string];
        const mb = m.quotaBytes / 1024 / 1024;
        return {
          email: m.email,
          login: m.email,
          user,
          domain: dom,
          // Bytes as a string, as cPanel sends it at times (reference §3, TF).
          _diskquota: String(m.quotaBytes),
          _diskused: m.usedBytes,
          diskquota: m.quotaBytes === 0 ? 'unlimited' : mb,
          txtdiskquota: m.quotaBytes === 0 ? 'unlimited' : String(mb),
          humandiskquota: m.quotaBytes === 0 ? 'None' : `${mb} MB`,
          diskused: m.usedBytes / 1024 / 1024,
          humandiskused: `${Math.round(m.usedBytes / 1024)} KB`,
          diskusedpercent: m.quotaBytes === 0 ? 0 : Math.round((100 * m.usedBytes) / m.quotaBytes),
          mtime: 1_700_000_000,
          suspended_incoming: 0,
          suspended_login: 0,
          suspended_outgoing: 0,
        };
      });
  }

  function clientSettings(a: ImitationAccount, params: Record<string, string[]>): unknown {
    needReceiveMail(a);
    const account = (one(params, 'account') ?? '').toLowerCase();
    const domain = account.split('@')[1] ?? '';
    const known = (mailboxes.get(a) as ImitationMailbox[]).some((m) => m.email === account);
    if (!known) throw new UapiError(`The account “${account}” does not exist.`);
    const s = a.clientSettings[domain];
    if (!s) throw new UapiError(`You do not control the “${domain}” domain.`);
    return {
      account,
      display: account,
      domain,
      mail_domain: `mail.${domain}`,
      inbox_host: s.inboxHost,
      inbox_port: 993,
      inbox_insecure_port: 143,
      inbox_service: 'imap',
      inbox_username: account,
      smtp_host: s.smtpHost,
      smtp_port: 465,
      smtp_insecure_port: s.smtpInsecurePort,
      smtp_username: account,
      has_plaintext_authentication: s.hasPlaintext,
      from_archiving: 0,
      activesync_available: 0,
      activesync_port: 2091,
    };
  }

  function perDomain(a: ImitationAccount, params: Record<string, string[]>, pick: (s: ImitationAuthState, d: string) => unknown): unknown {
    needFeature(a, 'emailauth');
    return domainsArg(a, params).map((d) => pick(authState(a, d), d));
  }

  async function run(a: ImitationAccount, module: string, func: string, params: Record<string, string[]>): Promise<Envelope> {
    const functions: Record<string, Record<string, () => unknown | Promise<unknown>>> = {
      Variables: {
        get_user_information: () => {
          const info: Record<string, unknown> = { user: a.user, domain: a.domains[0], domains: a.domains.slice(1), feature: Object.fromEntries(ALL_FEATURES.map((f) => [f, has(a, f) ? 1 : 0])) };
          const names = params.name ?? [];
          const unknown = names.filter((n) => !(n in info));
          if (unknown.length > 0) throw new UapiError(`The name parameter has unknown value(s): ${unknown.join(', ')}`);
          return names.length === 0 ? info : Object.fromEntries(names.map((n) => [n, info[n]]));
        },
      },
      Email: {
        list_mail_domains: () => {
          needFeature(a, 'popaccts');
          return a.domains.map((domain) => ({ domain }));
        },
        list_pops_with_disk: () => listPopsWithDisk(a, params),
        get_client_settings: () => clientSettings(a, params),
        add_pop: () => addPop(a, params),
      },
      PasswdStrength: {
        get_required_strength: () => {
          const app = one(params, 'app');
          return { strength: app === undefined ? 0 : (a.minPwStrength ?? 65) };
        },
      },
      EmailAuth: {
        validate_current_spfs: () => perDomain(a, params, (s) => s.spf),
        validate_current_dkims: () => perDomain(a, params, (s) => s.dkim),
        validate_current_ptrs: () => perDomain(a, params, (s) => s.ptr),
        enable_dkim: () =>
          perDomain(a, params, (s, d) => {
            const already = s.dkim.state === 'VALID';
            s.dkim = { ...s.dkim, state: 'VALID', records: [{ current: s.dkim.expected, state: 'VALID' }] };
            return { domain: d, status: 1, msg: already ? '[no changes needed]' : `[ADD:TXT@default._domainkey.${d}.]` };
          }),
        install_spf_records: () => {
          needFeature(a, 'emailauth');
          const domains = domainsArg(a, params);
          const records = params.record ?? [];
          if (records.length !== domains.length || records.some((r) => r.trim() === '')) throw new UapiError('Provide one nonempty “record” for each “domain”.');
          return domains.map((d, i) => {
            const s = authState(a, d);
            const record = records[i] as string;
            const expected = String(s.spf.expected ?? '').split(/\s+/).filter(Boolean);
            const covers = expected.every((t) => record.split(/\s+/).some((x) => x.replace(/^\+/, '') === t.replace(/^\+/, '')));
            s.spf = { ...s.spf, state: covers ? 'VALID' : 'INVALID', records: [{ current: record, state: covers ? 'PASS' : 'FAIL' }] };
            return { domain: d, status: 1, msg: `[ADD:TXT@${d}.:${record}]` };
          });
        },
      },
    };
    const functionsOf = functions[module];
    if (!functionsOf) return failure(`Failed to load module “${module}”: Can’t locate Cpanel/API/${module}.pm in @INC.`);
    const fn = functionsOf[func];
    if (!fn) return failure(`The system could not find the function “${func}” in the module “${module}”.`);
    try {
      const data = await fn();
      return success(data);
    } catch (e) {
      if (e instanceof UapiError) return failure(e.message);
      throw e;
    }
  }

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'https://imitation/');
        const params: Record<string, string[]> = {};
        collect(url.searchParams, params);
        if (String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) collect(new URLSearchParams(Buffer.concat(chunks).toString('utf8')), params);
        const authorization = req.headers.authorization;
        requests.push({ method: req.method ?? 'GET', path: url.pathname, host: String(req.headers.host ?? ''), ...(authorization ? { authorization } : {}), params });
        if (opts.redirectTo) {
          res.writeHead(302, { location: opts.redirectTo + url.pathname }).end();
          return;
        }
        const m = /^cpanel ([^:]+):(.*)$/.exec(authorization ?? '');
        const account = m ? opts.accounts.find((a) => a.user === m[1] && a.token === m[2] && m[2] !== '') : undefined;
        if (!account) {
          const status = opts.refusalStatus ?? 401;
          res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(`<html><head><title>${status} Access Denied</title></head><body><h1>Access Denied</h1></body></html>`);
          return;
        }
        const exec = /^\/execute\/([^/]+)\/([^/]+)$/.exec(url.pathname);
        if (!exec) {
          res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('Token authentication allows access to UAPI or API 2 calls only.');
          return;
        }
        const envelope = await run(account, decodeURIComponent(exec[1] as string), decodeURIComponent(exec[2] as string), params);
        const body = JSON.stringify(envelope);
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) }).end(body);
      })().catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('Internal Server Error');
      });
    });
  };

  const server = https.createServer({ cert: opts.cert, key: opts.key }, handler);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // Clients that refuse the certificate close the handshake: expected.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 2083, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://${opts.host}:${port}`,
    host: opts.host,
    port,
    requests,
    accounts: opts.accounts,
    created,
    replaceCertificate(cert, key) {
      server.setSecureContext({ cert, key });
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** A 32-character token from [0-9A-Z], as cPanel makes them (reference §1). */
export function makeToken(): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let out = '';
  for (let i = 0; i < 32; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}
