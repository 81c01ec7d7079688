// `npm run dist`: the build steps of build/README.md in one script, then the installers
// with electron-builder. Packaging needs the Electron binary for the target platform:
// the installed one (node_modules/electron/dist) or a downloaded zip in the Electron
// cache. Without either this stops before building, in one line: it never starts a
// download on its own (the build machines have no way out to the Internet).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary, electronVersion } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const version = electronVersion();
const zipName = `electron-v${version}-${process.platform}-${process.arch}.zip`;

/** A downloaded Electron zip in one of the caches electron-builder reads, or null. */
function cachedElectronZip() {
  const home = os.homedir();
  const xdg = process.env.XDG_CACHE_HOME ?? path.join(home, '.cache');
  const dirs = [process.env.ELECTRON_CACHE, process.env.ELECTRON_BUILDER_CACHE, path.join(xdg, 'electron'), path.join(xdg, 'electron-builder'), path.join(home, 'Library', 'Caches', 'electron')];
  for (const dir of dirs) {
    if (!dir || !existsSync(dir)) continue;
    // @electron/get keeps each zip in a sub-folder named after its download URL's hash.
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const candidate = entry.isDirectory() ? path.join(dir, entry.name, zipName) : path.join(dir, entry.name);
      if (path.basename(candidate) === zipName && existsSync(candidate)) return candidate;
    }
  }
  return null;
}

function run(label, command, args) {
  process.stderr.write(`dist: ${label}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    process.stderr.write(`dist: ${label} failed (${result.error ? result.error.message : `exit status ${result.status ?? result.signal}`}).\n`);
    process.exit(result.status || 1);
  }
}

const binary = electronBinary();
const electronDist = binary !== null ? path.join(root, 'node_modules', 'electron', 'dist') : cachedElectronZip();
if (electronDist === null) {
  process.stderr.write(
    `npm run dist: cannot package: the Electron ${version} binary for ${process.platform}-${process.arch} is not installed and no downloaded copy is in the Electron cache; install it where downloads work (npm rebuild electron, without ELECTRON_SKIP_BINARY_DOWNLOAD) and run again.\n`,
  );
  process.exit(1);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
run('npm run build (engine, window, desktop shell)', npm, ['run', 'build']);
run('electron-builder', npx, ['electron-builder', '--config', 'build/electron-builder.yml', `-c.electronDist=${electronDist}`]);
