// `npm start`: the desktop app. Electron when its binary is installed; otherwise one line
// says so and the same window opens in the browser through `mailsetup ui` (arguments
// after `npm start --` go to it, e.g. `npm start -- --no-open`).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const desktopMain = fileURLToPath(new URL('../dist-electron/main/electron/main.js', import.meta.url));

const binary = electronBinary();
if (binary !== null) {
  if (!existsSync(desktopMain)) {
    process.stderr.write('MailSetup: the desktop app is not built yet; run `npm run build` first.\n');
    process.exit(1);
  }
  // `electron ROOT` runs package.json's "main" with the project as the app folder.
  const child = spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  process.stderr.write('MailSetup: the desktop binary (Electron) is not installed, so the window opens in your browser instead (mailsetup ui).\n');
  // The CLI reads its arguments from process.argv: run `mailsetup ui …` in this process.
  process.argv.splice(2, 0, 'ui');
  await import('../bin/mailsetup.js');
}
