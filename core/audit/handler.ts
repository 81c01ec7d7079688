// The `audit` capability: a domain (or an address's domain), its resolver, the audit.
import { parseEmail, toAsciiDomain } from '../../shared/email.js';
import type { Deps } from '../deps.js';
import type { Handler } from '../handlers.js';
import { DnsError } from '../net/types.js';
import { memoResolver } from './memo-resolver.js';
import { runAudit } from './run-audit.js';

/** "jane@Example.COM", "example.com", "bücher.de" → ASCII domain, or null. */
export function auditDomain(target: string): string | null {
  const t = target.trim();
  if (t.includes('@')) {
    const parsed = parseEmail(t);
    return parsed.ok ? parsed.value.domain : null;
  }
  return toAsciiDomain(t);
}

export function createAuditHandler(deps: Deps): Handler<'audit'> {
  return async (params, ctx) => {
    const domain = auditDomain(params.target);
    if (!domain) return { ok: false, error: { code: 'BAD_INPUT', message: `"${params.target.replace(/[\u0000-\u001f]/g, '?').slice(0, 80)}" is not a domain or an email address.`, fix: 'Give a domain like example.com, or an address like jane@example.com.' } };
    let resolver;
    try {
      // A slow DNS server gets the audit's own step timeout, not the resolver's default.
      resolver = deps.makeResolver(params.resolver, params.timeoutMs ? { timeoutMs: params.timeoutMs } : {});
    } catch (e) {
      const message = e instanceof DnsError || e instanceof Error ? e.message : String(e);
      return { ok: false, error: { code: 'BAD_INPUT', message, fix: 'Give the DNS server as an IP address with an optional port, e.g. --resolver 127.0.0.53 or --resolver [::1]:5353.' } };
    }
    const value = await runAudit({ domain, params, deps, resolver: memoResolver(resolver), ctx });
    return { ok: true, value };
  };
}
