// The ISPDB shipped inside the app: answers for ~960 domains instantly, offline, and
// without telling anyone which domain the user typed. The data file is read once, on
// first use, and re-validated entry by entry (it is data, not code: never trusted blindly).
import { readFileSync } from 'node:fs';
import type { ParsedEmail } from '../../../shared/email.js';
import { fail, ok, type Result } from '../../../shared/errors.js';
import type { IncomingServer, OutgoingServer } from '../../../shared/model.js';
import { fillAutoconfigTemplate, validHost, validateServerTemplate, type ParsedAutoconfig } from '../autoconfig-xml.js';
import { BUNDLED_ISPDB_FORMAT, type BundledIspdbOrigin, type BundledProvider } from './format.js';

/** Beside this module in the source tree; the build copies data/ into dist/ likewise. */
export const BUNDLED_ISPDB_URL = new URL('./data/ispdb.generated.json', import.meta.url);

export interface BundledIspdb {
  origin: BundledIspdbOrigin;
  providers: BundledProvider[];
  /** ASCII domain -> index into providers. */
  byDomain: Map<string, number>;
  /** Entries dropped on load, with the reason. */
  skipped: string[];
}

let cached: Result<BundledIspdb> | undefined;

/** Loads (once) and validates the bundled data. */
export function loadBundledIspdb(): Result<BundledIspdb> {
  cached ??= readBundledIspdb(BUNDLED_ISPDB_URL);
  return cached;
}

/**
 * The bundled provider for this address's domain, placeholders filled, or null.
 * `domain` looks up another domain for the same address (an MX hoster's, say).
 */
export function lookupBundledIspdb(email: ParsedEmail, domain: string = email.domain): ParsedAutoconfig | null {
  const db = loadBundledIspdb();
  if (!db.ok) return null;
  const index = db.value.byDomain.get(domain.toLowerCase());
  const provider = index === undefined ? undefined : db.value.providers[index];
  if (!provider) return null;
  const template: ParsedAutoconfig = {
    ...(provider.id !== undefined && { providerId: provider.id }),
    ...(provider.displayName !== undefined && { displayName: provider.displayName }),
    domains: provider.domains,
    incoming: provider.incoming,
    outgoing: provider.outgoing,
  };
  return fillAutoconfigTemplate(template, email);
}

export function readBundledIspdb(file: URL | string): Result<BundledIspdb> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return fail('INTERNAL', `The bundled ISPDB (${String(file)}) could not be read: ${e instanceof Error ? e.message : String(e)}`, {
      fix: 'Rebuild MailSetup (npm run build:engine) or reinstall it.',
    });
  }
  return validateBundledIspdb(raw);
}

/** Keeps only well-formed providers and server sections; reports the rest. */
export function validateBundledIspdb(raw: unknown): Result<BundledIspdb> {
  const data = raw as { format?: unknown; origin?: BundledIspdbOrigin; providers?: unknown };
  if (typeof raw !== 'object' || raw === null || data.format !== BUNDLED_ISPDB_FORMAT || !Array.isArray(data.providers)) {
    return fail('INTERNAL', `The bundled ISPDB has an unknown format (expected format ${BUNDLED_ISPDB_FORMAT}).`);
  }
  const skipped: string[] = [];
  const providers: BundledProvider[] = [];
  const byDomain = new Map<string, number>();
  data.providers.forEach((p: unknown, i) => {
    const entry = p as Partial<BundledProvider> | null;
    const name = typeof entry?.file === 'string' ? entry.file : `provider #${i + 1}`;
    if (typeof entry !== 'object' || entry === null) {
      skipped.push(`${name}: not an object`);
      return;
    }
    const keep = <S>(list: unknown, kind: string, protocols: string[]): S[] =>
      (Array.isArray(list) ? list : []).filter((s: unknown, j) => {
        const problem = validateServerTemplate(s) ?? (protocols.includes((s as { protocol: string }).protocol) ? null : 'wrong protocol');
        if (problem) skipped.push(`${name}: ${kind} #${j + 1}: ${problem}`);
        return problem === null;
      }) as S[];
    const incoming = keep<IncomingServer>(entry.incoming, 'incoming', ['imap', 'pop3']);
    const outgoing = keep<OutgoingServer>(entry.outgoing, 'outgoing', ['smtp']);
    const domains = (Array.isArray(entry.domains) ? entry.domains : []).filter((d: unknown) => {
      const good = typeof d === 'string' && validHost(d) === d && !byDomain.has(d);
      if (!good) skipped.push(`${name}: domain ${String(d)} invalid or duplicate`);
      return good;
    });
    if (domains.length === 0 || incoming.length + outgoing.length === 0) {
      skipped.push(`${name}: nothing usable`);
      return;
    }
    const index = providers.length;
    providers.push({
      file: name,
      ...(typeof entry.id === 'string' && { id: entry.id }),
      ...(typeof entry.displayName === 'string' && { displayName: entry.displayName }),
      domains,
      incoming,
      outgoing,
    });
    for (const d of domains) byDomain.set(d, index);
  });
  const origin = data.origin ?? { repository: 'unknown', folder: 'ispdb/', license: 'MPL-2.0' };
  return ok({ origin, providers, byDomain, skipped });
}
