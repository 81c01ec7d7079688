// The real dependencies, as the CLI and the desktop app use them.
import { defaultConfigDir } from './config-dir.js';
import type { Deps } from './deps.js';
import { createResolver } from './net/dns.js';
import { createHttpFetcher } from './net/http.js';
import { createNapiKeyringStore } from './keychain/napi-keyring.js';
import { CPANEL_KEYCHAIN_SERVICE } from './cpanel/token-store.js';

export const DEFAULT_ISPDB_URL = 'https://autoconfig.thunderbird.net/v1.1/';

export function createDefaultDeps(overrides: Partial<Deps> = {}): Deps {
  const extraCa = overrides.extraCa ?? [];
  return {
    clock: { now: () => performance.now() },
    makeResolver: (spec, options) => createResolver(spec, options),
    makeHttp: (resolver) => createHttpFetcher(resolver, extraCa),
    extraCa,
    keychain: createNapiKeyringStore(),
    cpanelKeychain: createNapiKeyringStore({ service: CPANEL_KEYCHAIN_SERVICE }),
    configDir: defaultConfigDir(),
    ispdbUrl: process.env.MAILSETUP_ISPDB_URL ?? DEFAULT_ISPDB_URL,
    ...overrides,
  };
}
