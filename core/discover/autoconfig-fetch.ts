// Fetch one config-v1.1.xml URL and turn it into a configuration with provenance.
import type { ParsedEmail } from '../../shared/email.js';
import type { MailConfig, SourceName } from '../../shared/model.js';
import type { HttpFetcher } from '../net/types.js';
import { parseAutoconfigXml, type ParsedAutoconfig } from './autoconfig-xml.js';
import { miss, type Attempt } from './attempt.js';
import { fetchChain } from './fetch-chain.js';

export function toConfig(source: SourceName, url: string, secure: boolean, parsed: Pick<ParsedAutoconfig, 'incoming' | 'outgoing'>): MailConfig {
  return { source, url, secure, incoming: parsed.incoming, outgoing: parsed.outgoing };
}

/** Parsed document → usable config, or an `invalid` miss saying why. */
export function usableAutoconfig(parsed: ParsedAutoconfig, where: string): Attempt<ParsedAutoconfig> {
  if (parsed.incoming.length === 0 && parsed.outgoing.length === 0) {
    const why = parsed.skipped?.length ? ` (${parsed.skipped.join('; ')})` : '';
    return miss('invalid', `${where}: no usable server in the document${why}`);
  }
  return { ok: true, value: parsed };
}

export async function fetchAutoconfig(
  http: HttpFetcher,
  url: string,
  email: ParsedEmail,
  source: SourceName,
  signal: AbortSignal,
  timeLeft: () => number,
): Promise<Attempt<MailConfig>> {
  const doc = await fetchChain(http, url, { signal, timeLeft, headers: { accept: 'application/xml, text/xml' } });
  if (!doc.ok) return doc;
  const parsed = parseAutoconfigXml(doc.value.body, email);
  if (!parsed.ok) return miss('invalid', `${doc.value.url}: ${parsed.error.message}`);
  const usable = usableAutoconfig(parsed.value, doc.value.url);
  if (!usable.ok) return usable;
  return { ok: true, value: toConfig(source, doc.value.url, doc.value.secure, usable.value) };
}

export function autoconfigUrls(domain: string, email: ParsedEmail): { httpsA1: string; httpsWellKnown: string; httpA1: string } {
  // The address travels only over https (privacy); dots stay literal (some servers mis-handle %2E).
  const q = `?emailaddress=${encodeURIComponent(email.email)}`;
  return {
    httpsA1: `https://autoconfig.${domain}/mail/config-v1.1.xml${q}`,
    httpsWellKnown: `https://${domain}/.well-known/autoconfig/mail/config-v1.1.xml`,
    httpA1: `http://autoconfig.${domain}/mail/config-v1.1.xml`,
  };
}
