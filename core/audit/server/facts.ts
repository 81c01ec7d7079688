// What one port showed, protocol-neutral: the raw facts the checks are built from.
import type tls from 'node:tls';
import type { TlsReport } from '../../../shared/probe.js';
import { inspectTls } from '../../probe/tls-inspect.js';

export interface TlsFacts {
  protocol: string;
  cipher: string;
  report: TlsReport;
}

export interface RelayFacts {
  /** accepted: the outside recipient was taken without AUTH; refused; or not decided. */
  outcome: 'accepted' | 'refused' | 'inconclusive';
  reply: string;
}

export interface PortFacts {
  /** The port answered with a greeting. */
  answered: boolean;
  /** Why it did not (or what broke later). */
  error?: string;
  greeting?: string;
  /** STARTTLS advertised in plaintext (STARTTLS ports only). */
  starttlsOffered?: boolean;
  tls?: TlsFacts;
  /** The TLS handshake (implicit or after STARTTLS) failed. */
  tlsError?: string;
  /** SMTP AUTH mechanisms, or IMAP plaintext login allowed (["LOGIN"]) before TLS. */
  authBeforeTls: string[];
  authAfterTls?: string[];
  /** IMAP: LOGINDISABLED advertised before STARTTLS. */
  loginDisabled?: boolean;
  preauth?: boolean;
  relay?: RelayFacts;
}

export interface InjectionFacts {
  outcome: 'vulnerable' | 'safe' | 'untested';
  detail: string;
}

const NO_TRUSTED_FINGERPRINTS: ReadonlySet<string> = new Set();

export function tlsFacts(socket: tls.TLSSocket, host: string): TlsFacts {
  const { report } = inspectTls(socket, host, NO_TRUSTED_FINGERPRINTS);
  return { protocol: report.protocol ?? 'unknown', cipher: report.cipher ?? 'unknown', report };
}

/** Keeps a server's words short and on one line for a detail. */
export function quote(s: string | undefined, max = 200): string {
  const one = (s ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max)}…` : one;
}
