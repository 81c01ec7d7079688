// Stable identifiers derived from the address, so that a re-export replaces what an
// earlier export installed (Apple PayloadIdentifier/UUID, K-9 account uuid).
import { createHash } from 'node:crypto';

/** RFC 4122 name-based UUID (version 5, SHA-1) in MailSetup's own namespace. */
export function stableUuid(name: string): string {
  const namespace = Buffer.from('6f1c9a52d3b84e0f9a7e2c41b5d80e37', 'hex');
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`.toUpperCase();
}

/** A short stable tag of the address, for identifiers that must be ASCII. */
export function shortTag(name: string): string {
  return createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 8);
}
