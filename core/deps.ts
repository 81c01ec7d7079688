// Everything the engine touches outside itself, injected (DESIGN.md).
import type { ResolverOptions } from './net/dns.js';
import type { DnsResolver, HttpFetcher } from './net/types.js';
import type { SecretStore } from './keychain/secret-store.js';

export interface Clock {
  now(): number;
}

export interface NetOptions {
  /** "HOST[:PORT]"; absent means the system's resolver. */
  resolver?: string;
  /** Extra trusted CA certificates, PEM. */
  caPem?: string[];
}

export interface Deps {
  clock: Clock;
  /** Builds a resolver: the system one, or the DNS server the user named. */
  makeResolver(resolver?: string, options?: ResolverOptions): DnsResolver;
  /** Builds an HTTP fetcher that resolves host names through `resolver`. */
  makeHttp(resolver: DnsResolver): HttpFetcher;
  /** CA certificates trusted in addition to the system's (PEM texts). */
  extraCa: string[];
  keychain: SecretStore;
  /** cPanel API tokens: keychain service `mailsetup-cpanel` (absent: no keychain for tokens). */
  cpanelKeychain?: SecretStore;
  /** Per-user settings directory (accounts.json, local ISPDB overrides). */
  configDir: string;
  /** Base URL of the online ISPDB. */
  ispdbUrl: string;
}
