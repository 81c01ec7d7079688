// The certificate decision before any token is sent: a chain that validates for the
// host, or the exact certificate the user pinned. Same rule and codes as `mailsetup test`.
import type { TLSSocket } from 'node:tls';
import { fail, ok, type Result } from '../../shared/errors.js';
import type { CpanelCertificate } from '../../shared/cpanel.js';
import { tlsDiagnoses } from '../probe/diagnose.js';
import { inspectTls, normalizeFingerprint } from '../probe/tls-inspect.js';

export function checkCertificate(socket: TLSSocket, host: string, pinned: string | undefined): Result<CpanelCertificate> {
  const verdict = inspectTls(socket, host, new Set(pinned ? [pinned] : []));
  const leaf = verdict.report.chain[0];
  const fingerprint256 = leaf?.fingerprint256 ?? '';
  if (verdict.acceptable) {
    return ok({ fingerprint256, validated: verdict.report.validated && verdict.report.hostnameMatches });
  }
  const shown = fingerprint256 || 'none';
  if (pinned && fingerprint256 && normalizeFingerprint(fingerprint256) !== pinned) {
    return fail('CERT_UNTRUSTED', `The certificate of ${host} changed since you trusted it (it was ${formatFingerprint(pinned)}, now ${shown}), and the new one does not validate. Nothing was sent.`, {
      fix: 'Certificates are renewed every few months (AutoSSL). Check the new fingerprint with your hosting provider, then connect again with --trust-fingerprint and the new value.',
    });
  }
  const first = tlsDiagnoses(verdict.report, { host, port: socket.remotePort ?? 0, protocol: 'imap' })[0];
  const code = first?.code === 'CERT_EXPIRED' || first?.code === 'CERT_HOSTNAME_MISMATCH' ? first.code : 'CERT_UNTRUSTED';
  const why = code === 'CERT_EXPIRED' ? 'has expired' : code === 'CERT_HOSTNAME_MISMATCH' ? `is not made out for ${host}` : 'was not issued by an authority this computer trusts';
  return fail(code, `The certificate of ${host} ${why}; the API token was not sent.`, {
    fix: `Connect to the name the certificate covers (often the server's own host name), or, if you have checked this exact certificate with your hosting provider, trust it: --trust-fingerprint ${shown}`,
  });
}

/** 64 hex digits → "AB:CD:…" */
export function formatFingerprint(hex: string): string {
  return (hex.match(/.{2}/g) ?? []).join(':');
}
