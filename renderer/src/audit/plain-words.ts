// What the window shows of a check: plain words only. The engine's texts are made for
// admins and the terminal; here command-line syntax and raw error codes are put in words.
import type { AuditCheck, AuditStatus } from '../../../shared/audit.js';

export const STATUS_LABEL: Record<AuditStatus, string> = { pass: 'Passed', warn: 'Warning', fail: 'Failed', info: 'Note', skipped: 'Not checked' };

/** Drops parenthesised error codes such as "(DEPTH_ZERO_SELF_SIGNED_CERT)". */
function withoutCodes(text: string): string {
  return text.replace(/\s*\((?:[A-Z][A-Z0-9_]{4,}[;,]?\s*)+\)/g, '').replace(/\b(ERR|CERT|SSL)_[A-Z0-9_]+\b;?\s*/g, '');
}

export function plainDetail(c: AuditCheck): string {
  return withoutCodes(c.detail);
}

export function plainFix(c: AuditCheck): string | undefined {
  if (!c.fix) return undefined;
  // The terminal's "run `mailsetup export …`" becomes the window's own way to get the kit.
  return withoutCodes(c.fix.replace(/run `mailsetup export [^`]*` and put the files where its README says/, 'save the publish kit from the Export step (after setting up an address of this domain) and put the files where its instructions say'));
}

export function where(c: AuditCheck): string {
  return c.port ? `port ${c.port}` : '';
}
