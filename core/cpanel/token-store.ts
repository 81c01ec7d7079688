// Where a connection's API token lives: the OS keychain, service `mailsetup-cpanel`,
// user `USER@HOST:PORT` (the token is a password: nowhere else, ever).
import { fail, type Result } from '../../shared/errors.js';
import type { Deps } from '../deps.js';
import type { SecretStore } from '../keychain/secret-store.js';

export const CPANEL_KEYCHAIN_SERVICE = 'mailsetup-cpanel';

export function tokenUser(user: string, name: string): string {
  return `${user}@${name}`;
}

export function tokenStore(deps: Deps): Result<SecretStore> {
  if (!deps.cpanelKeychain) {
    return fail('KEYCHAIN_UNAVAILABLE', 'No keychain is available for cPanel API tokens; nothing was stored.', {
      fix: 'Start the desktop keyring (on Linux the Secret Service, e.g. gnome-keyring), then connect again.',
    });
  }
  return { ok: true, value: deps.cpanelKeychain };
}
