// The command a text client runs to read the password from the OS keychain at run
// time. The attribute names are what @napi-rs/keyring writes (checked with
// `secret-tool search`: attribute.service = mailsetup, attribute.username = EMAIL).
import type { KeychainPlatform } from '../../shared/profiles.js';
import { KEYCHAIN_SERVICE } from '../keychain/secret-store.js';
import { shellQuote } from './escape.js';

/** A shell command line printing the password of keychain user `user`. */
export function passwordCommand(platform: KeychainPlatform, user: string): string {
  return platform === 'macos'
    ? `security find-generic-password -s ${KEYCHAIN_SERVICE} -a ${shellQuote(user)} -w`
    : `secret-tool lookup service ${KEYCHAIN_SERVICE} username ${shellQuote(user)}`;
}

export function defaultPlatform(): KeychainPlatform {
  return process.platform === 'darwin' ? 'macos' : 'linux';
}
