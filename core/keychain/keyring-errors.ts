// Turns the keychain library's words into a coded error a person can act on.
import type { MailSetupError } from '../../shared/errors.js';

const LOCKED = /locked|unlock prompt|IsLocked|prompt was dismissed/i;
const UNAVAILABLE =
  /DBus error|D-Bus|Failed to connect|autolaunch|DBUS_SESSION_BUS_ADDRESS|no result found|Did not receive a reply|ServiceUnknown|org\.freedesktop\.secrets|NoStorageAccess|platform storage|No such file or directory|Connection refused/i;

const NO_FILE_FALLBACK = 'MailSetup keeps passwords only in the keychain and has stored nothing.';

export function keychainLocked(detail: string): MailSetupError {
  return {
    code: 'KEYCHAIN_LOCKED',
    message: `The keychain is locked, so the password could not be read or stored. ${NO_FILE_FALLBACK}`,
    fix: 'Unlock your login keyring (log in to the desktop session, or open "Passwords and Keys"); on a headless machine start it unlocked with `printf %s "$LOGIN_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets`. Then try again.',
    serverSays: detail,
  };
}

export function keychainUnavailable(detail: string): MailSetupError {
  return {
    code: 'KEYCHAIN_UNAVAILABLE',
    message: `No keychain is available: the Secret Service (gnome-keyring or KWallet) could not be reached on this session's D-Bus. ${NO_FILE_FALLBACK}`,
    fix: 'Run MailSetup inside your desktop session, or start a keyring: `dbus-run-session -- sh -c \'printf %s "$PASS" | gnome-keyring-daemon --unlock --components=secrets; mailsetup …\'`, and check DBUS_SESSION_BUS_ADDRESS.',
    serverSays: detail,
  };
}

export function keychainTimeout(ms: number): MailSetupError {
  return {
    code: 'KEYCHAIN_TIMEOUT',
    message: `The keychain did not answer within ${(ms / 1000).toFixed(1)} s (a missing D-Bus service or an unlock prompt nobody can see). ${NO_FILE_FALLBACK}`,
    fix: 'Check that gnome-keyring (or KWallet) is running and unlocked in this session, answer any unlock prompt, then try again. MAILSETUP_KEYCHAIN_TIMEOUT_MS sets a longer wait.',
  };
}

/** Maps an error message of @napi-rs/keyring (or of the helper process) to a MailSetupError. */
export function keychainError(detail: string): MailSetupError {
  const words = detail.replace(/\s+/g, ' ').trim().slice(0, 500);
  if (LOCKED.test(words)) return keychainLocked(words);
  if (UNAVAILABLE.test(words)) return keychainUnavailable(words);
  return {
    code: 'KEYCHAIN_ERROR',
    message: `The keychain refused the request. ${NO_FILE_FALLBACK}`,
    fix: 'Check that your keyring works (e.g. `secret-tool search --all service mailsetup`), then try again.',
    serverSays: words,
  };
}
