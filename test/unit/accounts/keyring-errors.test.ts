// The keychain library's words become codes with plain words and what to do.
import { describe, expect, it } from 'vitest';
import { keychainError, keychainTimeout } from '../../../core/keychain/keyring-errors.js';

describe('keychain error mapping', () => {
  it.each([
    ["Couldn't access platform storage: Secret Service: unlock prompt was dismissed", 'KEYCHAIN_LOCKED'],
    ['IsLocked: Cannot get secret of a locked object', 'KEYCHAIN_LOCKED'],
    ['Platform failure: DBus error: Failed to connect to socket /run/user/0/bus: No such file or directory', 'KEYCHAIN_UNAVAILABLE'],
    ['Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead', 'KEYCHAIN_UNAVAILABLE'],
    ['Platform failure: DBus error: The name org.freedesktop.secrets was not provided by any .service files', 'KEYCHAIN_UNAVAILABLE'],
    ['Secret Service: no result found', 'KEYCHAIN_UNAVAILABLE'],
    ['Ambiguous: more than one credential', 'KEYCHAIN_ERROR'],
  ])('%s → %s', (words, code) => {
    const e = keychainError(words);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(/stored nothing/);
    expect(e.fix).toBeTruthy();
    expect(e.serverSays).toBe(words);
  });

  it('a timeout says how long it waited and how to wait longer', () => {
    const e = keychainTimeout(2500);
    expect(e.code).toBe('KEYCHAIN_TIMEOUT');
    expect(e.message).toContain('2.5 s');
    expect(e.fix).toContain('MAILSETUP_KEYCHAIN_TIMEOUT_MS');
  });
});
