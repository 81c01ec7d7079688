// Facts of one port → its checks (`<role>.<port>.<aspect>`), each with a fix.
import type { AuditCheck, AuditStatus } from '../../../shared/audit.js';
import type { InjectionFacts, PortFacts, TlsFacts } from './facts.js';

export type Role = 'submission' | 'imap' | 'mx';

/** The standard ports; a port named with --smtp/--imap is judged like one of them. */
export type StandardPort = 587 | 465 | 993 | 143 | 25;

export interface PortPlan {
  role: Role;
  host: string;
  port: number;
  implicitTls: boolean;
  /** The standard port whose rules apply (itself, for a standard port). */
  like: StandardPort;
}

/** Every aspect in report order (each port's list keeps this order). */
export const ASPECT_ORDER = ['connect', 'tls', 'certificate', 'auth-before-tls', 'relay', 'auth', 'starttls-injection', 'preauth'];

/** Which aspects each kind of port has, in report order. */
export const ASPECTS: Record<StandardPort, string[]> = {
  587: ['connect', 'tls', 'certificate', 'auth-before-tls', 'relay', 'auth', 'starttls-injection'],
  465: ['connect', 'tls', 'certificate', 'auth'],
  993: ['connect', 'tls', 'certificate', 'preauth'],
  143: ['connect', 'tls', 'certificate', 'auth-before-tls', 'starttls-injection', 'preauth'],
  25: ['connect', 'tls', 'certificate', 'auth-before-tls', 'relay', 'starttls-injection'],
};

const DAY = 86_400_000;
const OLD_TLS = new Set(['TLSv1', 'TLSv1.1', 'SSLv3']);

export interface PortContext {
  plan: PortPlan;
  facts: PortFacts;
  injection?: InjectionFacts;
  /** 587 only: the other submission ports of the host that answered (465, a named one). */
  otherSubmissionAnswered?: number[];
  /** MX only: the domain's MTA-STS policy is in enforce mode. */
  mtaStsEnforce?: boolean;
  now: number;
}

type Made = Omit<AuditCheck, 'id' | 'host' | 'port'>;

function connect(c: PortContext): Made {
  const { plan, facts } = c;
  const title = `Port ${plan.port} answers`;
  if (facts.answered) return { status: 'pass', title, detail: `Greeting: ${facts.greeting ?? '(TLS handshake only)'}` };
  const why = facts.error ?? 'no answer';
  if (plan.port !== plan.like) {
    return { status: 'fail', title, detail: `Port ${plan.port}, the port named for this server, did not answer on ${plan.host} (${why}).`, fix: `Check the host name and port, and that the mail server listens on port ${plan.port} and the firewall lets it through.` };
  }
  if (plan.port === 587) {
    const others = c.otherSubmissionAnswered ?? [];
    if (others.length > 0) return { status: 'warn', title, detail: `Port 587 did not answer (${why}); only ${others.length === 1 ? `port ${others[0]} does` : `ports ${others.join(' and ')} do`}.`, fix: `Open submission on port 587 with STARTTLS on ${plan.host} (Postfix master.cf: "submission inet n - n - - smtpd" with "-o smtpd_tls_security_level=encrypt -o smtpd_sasl_auth_enable=yes"); many mail apps try 587 first.` };
    return { status: 'fail', title, detail: `Neither port 587 nor 465 answered on ${plan.host} (${why}): mail apps cannot send.`, fix: `Enable mail submission on ${plan.host}: port 587 with STARTTLS and AUTH (Postfix master.cf "submission" service), and allow it through the firewall.` };
  }
  if (plan.role === 'mx') return { status: 'fail', title, detail: `The MX host does not answer on port 25 (${why}): mail to the domain cannot be delivered.`, fix: `Make the mail server on ${plan.host} listen on port 25 and allow it through the firewall, or correct the MX record.` };
  return { status: 'info', title, detail: `Port ${plan.port} is closed (${why}); it is not required.` };
}

function tlsLine(t: TlsFacts): string {
  return `${t.protocol}, ${t.cipher}`;
}

function tlsCheck(c: PortContext): Made {
  const { plan, facts } = c;
  const title = plan.implicitTls ? 'Encryption (TLS)' : 'Encryption (STARTTLS)';
  if (facts.tls) {
    if (OLD_TLS.has(facts.tls.protocol)) {
      return { status: 'fail', title, detail: `Only an outdated protocol was negotiated: ${tlsLine(facts.tls)}.`, fix: plan.role === 'imap' ? 'Allow TLS 1.2 and 1.3 (Dovecot: ssl_min_protocol = TLSv1.2).' : 'Allow TLS 1.2 and 1.3 (Postfix: smtpd_tls_protocols = >=TLSv1.2, smtpd_tls_mandatory_protocols = >=TLSv1.2).' };
    }
    return { status: 'pass', title, detail: tlsLine(facts.tls) };
  }
  if (facts.tlsError) return { status: 'fail', title, detail: facts.tlsError, fix: 'Check the server\'s TLS configuration (certificate and key files, allowed protocols); the handshake must complete with TLS 1.2 or newer.' };
  if (facts.preauth) return { status: 'fail', title, detail: 'The server greets with PREAUTH, so STARTTLS can never be used on this port.', fix: 'Turn off pre-authentication for network connections (it is meant for local, already-trusted sessions) and offer STARTTLS.' };
  if (plan.role === 'mx') return { status: 'warn', title, detail: 'STARTTLS is not offered on port 25: mail to this domain travels unencrypted.', fix: 'Offer STARTTLS on port 25 (Postfix: smtpd_tls_security_level = may, with smtpd_tls_cert_file and smtpd_tls_key_file).' };
  return {
    status: 'fail', title, detail: `STARTTLS is not offered on port ${plan.port}.`,
    fix: plan.role === 'imap' ? 'Offer STARTTLS (Dovecot: ssl = required, with ssl_cert and ssl_key).' : 'Offer STARTTLS and require it (Postfix master.cf submission: -o smtpd_tls_security_level=encrypt).',
  };
}

function certificate(c: PortContext): Made {
  const { plan, facts } = c;
  const title = 'Certificate';
  const t = facts.tls as TlsFacts;
  const leaf = t.report.chain[0];
  if (!leaf) return { status: 'fail', title, detail: 'The server presented no certificate.', fix: 'Install a certificate for this host name.' };
  const names = leaf.subjectAltNames.length > 0 ? leaf.subjectAltNames.join(', ') : leaf.subject;
  const daysLeft = Math.floor((Date.parse(leaf.validTo) - c.now) / DAY);
  const lenient = plan.role === 'mx' && !c.mtaStsEnforce;
  const bad = (detail: string, fix: string): Made => ({
    status: lenient ? 'warn' : 'fail', title,
    detail: lenient ? `${detail} (Sending servers do not check this without MTA-STS or DANE.)` : detail,
    fix,
  });
  const error = t.report.error;
  if (error === 'CERT_HAS_EXPIRED' || daysLeft < 0) {
    return bad(`The certificate expired on ${leaf.validTo.slice(0, 10)} (covers ${names}).`, `Renew the certificate for ${plan.host} (e.g. certbot renew, or AutoSSL in cPanel) and reload the mail server.`);
  }
  if (!t.report.validated) {
    return bad(`The certificate is not trusted (${error ?? 'unknown reason'}; issued by ${leaf.issuer}; covers ${names}).`, `Install a certificate for ${plan.host} from a public CA (e.g. Let's Encrypt) with its full chain.`);
  }
  if (!t.report.hostnameMatches) {
    const match = leaf.subjectAltNames.find((n) => !n.startsWith('*') && !/^[\d.:]+$/.test(n)) ?? leaf.subjectAltNames[0];
    return bad(
      `The certificate does not cover ${plan.host}; it covers: ${names}.`,
      match ? `Point mail apps at ${match}, the name the certificate covers (the usual shared-hosting case), or add ${plan.host} to the certificate.` : `Add ${plan.host} to the certificate.`,
    );
  }
  if (daysLeft <= 21) {
    return { status: 'warn', title, detail: `Valid for ${names}, but only ${daysLeft} days left (until ${leaf.validTo.slice(0, 10)}).`, fix: `Renew the certificate for ${plan.host} now and make sure automatic renewal runs.` };
  }
  return { status: 'pass', title, detail: `Valid, trusted, covers ${plan.host}; ${daysLeft} days left (issued by ${leaf.issuer}).` };
}

function authBeforeTls(c: PortContext): Made {
  const { plan, facts } = c;
  const title = 'No password in plaintext';
  const plainMechs = facts.authBeforeTls.filter((m) => m === 'PLAIN' || m === 'LOGIN');
  if (plan.role === 'imap') {
    if (!facts.loginDisabled && !facts.preauth) {
      return { status: 'fail', title, detail: `LOGINDISABLED is not announced before STARTTLS: passwords may be sent unencrypted (capabilities offered: ${facts.authBeforeTls.join(' ')}).`, fix: 'Refuse logins without TLS (Dovecot: disable_plaintext_auth = yes, ssl = required).' };
    }
    return { status: 'pass', title, detail: facts.preauth ? 'No login is offered (PREAUTH greeting).' : 'LOGINDISABLED before STARTTLS: no plaintext login.' };
  }
  if (plainMechs.length > 0) {
    return {
      status: 'fail', title,
      detail: `AUTH ${facts.authBeforeTls.join(' ')} is offered ${facts.tls ? 'before STARTTLS' : 'on a port without TLS'}: passwords can be sent unencrypted.`,
      fix: 'Offer AUTH only after TLS (Postfix: smtpd_tls_auth_only = yes).',
    };
  }
  return { status: 'pass', title, detail: facts.authBeforeTls.length > 0 ? `Only ${facts.authBeforeTls.join(' ')} before TLS.` : 'No AUTH offered before TLS.' };
}

function relay(c: PortContext): Made {
  const r = c.facts.relay;
  const title = 'Not an open relay';
  if (!r) return { status: 'info', title, detail: `Could not be tested: ${c.facts.error ?? 'the session ended early'}.` };
  if (r.outcome === 'accepted') {
    return {
      status: 'fail', title,
      detail: `An outside recipient was accepted without logging in (open relay): "${r.reply}".`,
      fix: c.plan.role === 'mx'
        ? 'Accept mail on port 25 only for your own domains (Postfix: smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination, with mynetworks limited to your own servers).'
        : 'Require a login before relaying (Postfix master.cf submission: -o smtpd_relay_restrictions=permit_sasl_authenticated,reject).',
    };
  }
  if (r.outcome === 'refused') return { status: 'pass', title, detail: `Relaying without login refused: "${r.reply}".` };
  return { status: 'info', title, detail: `Inconclusive: "${r.reply}".` };
}

function auth(c: PortContext): Made {
  const title = 'Login (AUTH) offered over TLS';
  const mechs = c.facts.authAfterTls ?? [];
  if (mechs.length > 0) return { status: 'pass', title, detail: `AUTH ${mechs.join(' ')}` };
  return { status: 'fail', title, detail: 'No AUTH mechanism is offered after TLS: mail apps cannot log in to send.', fix: 'Enable SMTP AUTH on the submission port (Postfix master.cf: -o smtpd_sasl_auth_enable=yes, with smtpd_sasl_type = dovecot and smtpd_sasl_path = private/auth).' };
}

function injection(c: PortContext): Made {
  const title = 'STARTTLS command injection';
  const i = c.injection;
  if (!i || i.outcome === 'untested') return { status: 'info', title, detail: `Could not be tested: ${i?.detail ?? 'no result'}.` };
  if (i.outcome === 'vulnerable') return { status: 'fail', title, detail: i.detail, fix: 'Update the mail server software: after STARTTLS it must discard any plaintext it already received (CVE-2011-0411 and later variants).' };
  return { status: 'pass', title, detail: i.detail };
}

function preauth(c: PortContext): Made {
  const title = 'No login without password (PREAUTH)';
  if (c.facts.preauth) return { status: 'fail', title, detail: `The greeting is PREAUTH: "${c.facts.greeting ?? ''}".`, fix: 'Do not pre-authenticate network connections; every client must log in.' };
  return { status: 'pass', title, detail: `Greeting: ${c.facts.greeting ?? ''}` };
}

const BUILDERS: Record<string, (c: PortContext) => Made> = {
  connect, tls: tlsCheck, certificate, 'auth-before-tls': authBeforeTls, relay, auth, 'starttls-injection': injection, preauth,
};

const TITLES: Record<string, string> = {
  certificate: 'Certificate', 'auth-before-tls': 'No password in plaintext', relay: 'Not an open relay', auth: 'Login (AUTH) offered over TLS',
  'starttls-injection': 'STARTTLS command injection', preauth: 'No login without password (PREAUTH)',
};

function titleOf(aspect: string, plan: PortPlan): string {
  if (aspect === 'connect') return `Port ${plan.port} answers`;
  if (aspect === 'tls') return plan.implicitTls ? 'Encryption (TLS)' : 'Encryption (STARTTLS)';
  return TITLES[aspect] ?? aspect;
}

/** Which aspects cannot be judged: the port is closed, or it has no TLS. */
function skipReason(aspect: string, c: PortContext): string | undefined {
  if (aspect === 'connect') return undefined;
  if (!c.facts.answered) return 'the port did not answer';
  if (aspect !== 'tls' && c.facts.greeting === undefined) return 'no greeting after the failed TLS handshake';
  if ((aspect === 'certificate' || aspect === 'auth' || aspect === 'starttls-injection') && !c.facts.tls) return 'no TLS on this port';
  return undefined;
}

export function portChecks(c: PortContext): AuditCheck[] {
  const { role, host, port, like } = c.plan;
  return ASPECTS[like].map((aspect) => {
    const skip = skipReason(aspect, c);
    const made: Made = skip
      ? { status: 'skipped' as AuditStatus, title: titleOf(aspect, c.plan), detail: `Not checked: ${skip}.` }
      : (BUILDERS[aspect] as (c: PortContext) => Made)(c);
    return { id: `${role}.${port}.${aspect}`, status: made.status, host, port, title: made.title, detail: made.detail, ...(made.fix ? { fix: made.fix } : {}) };
  });
}
