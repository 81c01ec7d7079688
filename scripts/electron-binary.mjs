// Where the Electron binary is, if it is installed. The `electron` package records the
// binary's path only after its install script downloaded it (skipped with
// ELECTRON_SKIP_BINARY_DOWNLOAD, and impossible offline): then requiring it throws.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The binary's path, or null when the desktop binary is not installed. */
export function electronBinary() {
  let binary;
  try {
    binary = require('electron');
  } catch {
    return null;
  }
  return typeof binary === 'string' && existsSync(binary) ? binary : null;
}

/** The version of the installed `electron` package (what electron-builder packages). */
export function electronVersion() {
  return require('electron/package.json').version;
}
