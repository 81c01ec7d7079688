// The window's wording of diagnosis fixes that the command line words as commands
// (flags, `mailsetup …`, Postfix settings). Same facts, no command-line syntax: the
// window offers the matching action itself (trust this certificate, change the servers).
import { alternativePort, type DiagnosisCode, type DiagnosisFacts } from './diagnosis.js';

type WindowFacts = Pick<DiagnosisFacts, 'protocol' | 'port'>;

const FIXES: Partial<Record<DiagnosisCode, (f: WindowFacts) => string>> = {
  DNS_NOT_FOUND: () => 'Check the spelling of the server name, or look the settings up again from your address.',
  DNS_FAILED: () => 'Check your network connection (and the DNS server under Options, if you set one), then try again.',
  CERT_UNTRUSTED: () =>
    'Ask your provider to use a certificate from a public authority. If you know this certificate is the right one (for example your own server), you can trust exactly this certificate.',
  AUTH_OFFERED_WITHOUT_TLS: () => 'Your mail server offers password login before encryption. Tell your provider or administrator; MailSetup itself never uses it.',
  OPEN_RELAY: () => 'Tell your provider or administrator: this server passes on mail for anyone without a login.',
  CONNECTION_TIMEOUT: (f) => {
    const alt = alternativePort(f.protocol, f.port);
    return `Your network may block port ${f.port}.${alt ? ` Try port ${alt.port} (${alt.security}) instead.` : ''} Otherwise the server may be down.`;
  },
};

/** The fix as the window words it, or undefined when the shared text is already right for the window. */
export function windowFix(code: DiagnosisCode, facts: WindowFacts): string | undefined {
  return FIXES[code]?.(facts);
}
