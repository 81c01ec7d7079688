// Opens a URL in the user's browser with the platform's opener, when there is one.
// A missing opener (no xdg-open on a server) is a normal outcome, not an error.
import { spawn } from 'node:child_process';

export type OpenResult = { ok: true } | { ok: false; reason: string };

function openerFor(platform: NodeJS.Platform): { command: string; args: (url: string) => string[] } {
  if (platform === 'darwin') return { command: 'open', args: (url) => [url] };
  if (platform === 'win32') return { command: 'rundll32', args: (url) => ['url.dll,FileProtocolHandler', url] };
  return { command: 'xdg-open', args: (url) => [url] };
}

export function openBrowser(url: string, platform: NodeJS.Platform = process.platform): Promise<OpenResult> {
  const opener = openerFor(platform);
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(opener.command, opener.args(url), { stdio: 'ignore', detached: true });
    } catch (e) {
      resolve({ ok: false, reason: e instanceof Error ? e.message : String(e) });
      return;
    }
    child.once('error', (e: NodeJS.ErrnoException) => {
      resolve({ ok: false, reason: e.code === 'ENOENT' ? `${opener.command} is not installed` : e.message });
    });
    child.once('spawn', () => {
      child.unref();
      resolve({ ok: true });
    });
  });
}
