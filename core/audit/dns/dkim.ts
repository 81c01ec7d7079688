// dns.dkim: probe the usual selectors (selectors cannot be listed) and judge the best key.
// mailauth parses the key record (v=, k=, p=) and the public key itself.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ambient types for mailauth files that ship none, seen by every tsconfig that compiles this file
/// <reference path="../mailauth.d.ts" />
import { getPublicKey } from 'mailauth/lib/tools.js';
import type { AuditCheck } from '../../../shared/audit.js';
import type { DnsResolver } from '../../net/types.js';
import { mailauthResolver, txtRecords } from './lookup.js';

export const DEFAULT_SELECTORS = ['default', 'google', 'selector1', 'selector2', 'k1', 's1', 's2', 'dkim', 'mail'];
const ID = 'dns.dkim';
const TITLE = 'DKIM keys (signatures on outgoing mail)';

interface Found {
  selector: string;
  /** 3 strong, 2 weak (1024–2047), 1 bad. */
  grade: 1 | 2 | 3;
  text: string;
}

async function inspect(selector: string, domain: string, resolver: DnsResolver, signal?: AbortSignal): Promise<Found | undefined> {
  const name = `${selector}._domainkey.${domain}`;
  const txt = await txtRecords(resolver, name, signal);
  if (!txt.ok || txt.records.length === 0) return undefined;
  const rr = txt.records[0] as string;
  if (/(^|;)\s*p=\s*(;|$)/i.test(rr)) return { selector, grade: 1, text: `${selector}: revoked (empty p=)` };
  try {
    const key = (await getPublicKey('DKIM', name, 1, mailauthResolver(resolver, signal))) as { publicKey: string; modulusLength?: number };
    const bits = key.modulusLength;
    if (bits === undefined) return { selector, grade: 3, text: `${selector}: Ed25519` };
    const grade = bits >= 2048 ? 3 : bits >= 1024 ? 2 : 1;
    return { selector, grade, text: `${selector}: RSA ${bits} bits${grade === 1 ? ' (too short)' : ''}` };
  } catch (e) {
    return { selector, grade: 1, text: `${selector}: does not parse (${(e as Error).message})` };
  }
}

export async function checkDkim(domain: string, selectors: readonly string[], resolver: DnsResolver, signal?: AbortSignal): Promise<AuditCheck> {
  const all = [...new Set([...DEFAULT_SELECTORS, ...selectors.map((s) => s.toLowerCase())])];
  const found = (await Promise.all(all.map((s) => inspect(s, domain, resolver, signal)))).filter((f): f is Found => f !== undefined);
  const make = (status: AuditCheck['status'], detail: string, fix?: string): AuditCheck => ({ id: ID, status, title: TITLE, detail, ...(fix ? { fix } : {}) });
  const newKey = `Generate a 2048-bit RSA key in your mail server or hosting panel and publish it, e.g. default._domainkey.${domain}. 3600 IN TXT "v=DKIM1; k=rsa; p=<public key>"`;
  if (found.length === 0) {
    return make('warn', `No DKIM key found under the selectors tried (${all.join(', ')}). Selectors cannot be listed from DNS, so a key under another selector may exist: name that selector to check it.`, newKey);
  }
  const listed = found.map((f) => f.text).join('; ');
  const best = Math.max(...found.map((f) => f.grade));
  if (best === 3) return make('pass', `Found ${listed}.`);
  if (best === 2) return make('warn', `Found ${listed}: the best key is shorter than 2048 bits.`, newKey.replace('Generate', 'Rotate to'));
  return make('fail', `Every key found is unusable: ${listed}.`, newKey);
}
