// Per-user settings directory, following each platform's convention.
import os from 'node:os';
import path from 'node:path';

export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.MAILSETUP_CONFIG_DIR) return path.resolve(env.MAILSETUP_CONFIG_DIR);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'MailSetup');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'MailSetup');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'mailsetup');
}
