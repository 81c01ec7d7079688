// EHLO replies → extensions and AUTH mechanisms.

export interface EhloFacts {
  /** Extension keywords with their parameters, e.g. "SIZE 10240000", "AUTH PLAIN LOGIN". */
  extensions: string[];
  auth: string[];
  starttls: boolean;
  pipelining: boolean;
}

export function parseEhlo(reply: string | undefined): EhloFacts {
  const lines = (reply ?? '')
    .split(/\r?\n/)
    .map((l) => l.replace(/^\d{3}[ -]/, '').trim())
    .filter((l) => l.length > 0)
    .slice(1);
  const auth = new Set<string>();
  for (const l of lines) {
    const m = /^AUTH[ =](.*)$/i.exec(l);
    if (m?.[1]) for (const mech of m[1].trim().split(/\s+/)) auth.add(mech.toUpperCase());
  }
  return {
    extensions: lines,
    auth: [...auth],
    starttls: lines.some((l) => /^STARTTLS\b/i.test(l)),
    pipelining: lines.some((l) => /^PIPELINING\b/i.test(l)),
  };
}

/** Mechanisms nodemailer can run with a password, best first (PLAIN: one round trip, fine over TLS). */
const PREFERRED = ['PLAIN', 'LOGIN', 'CRAM-MD5'];

export function chooseMechanism(offered: readonly string[]): string | undefined {
  return PREFERRED.find((m) => offered.includes(m));
}
