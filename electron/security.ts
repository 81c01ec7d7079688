// The desktop shell's security decisions, kept free of Electron run-time imports so
// that unit tests can check them without the Electron binary.
import type { IpcMainInvokeEvent, WebPreferences } from 'electron';

/** One policy for both shells: the one the loopback door sends. */
export { CONTENT_SECURITY_POLICY } from '../core/ui-server/security.js';

/** Every window's web preferences, except the preload path. */
export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
  // A middle click on a link would ask for a new window (denied anyway): not even that.
  disableBlinkFeatures: 'Auxclick',
} as const satisfies WebPreferences;

/** No remote content: only the bundled renderer's own files, and data:/blob: images. */
export function isAllowedRequestUrl(url: string, rendererDirUrl: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('devtools:')) return true;
  if (!url.startsWith('file:')) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // URL parsing resolves `..`, so a path that climbs out of the folder no longer matches it.
  return parsed.href.startsWith(rendererDirUrl);
}

export type SenderCheck = (event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>) => boolean;

/**
 * Trusts only the main frame of a window we created, showing the bundled renderer.
 * A navigated-away page or an iframe never reaches the engine.
 */
export function createSenderCheck(rendererUrl: string, trustedWebContents: ReadonlySet<number>): SenderCheck {
  const expected = new URL(rendererUrl);
  return (event) => {
    const frame = event.senderFrame;
    if (frame === null || frame !== event.sender.mainFrame) return false;
    if (!trustedWebContents.has(event.sender.id)) return false;
    let url: URL;
    try {
      url = new URL(frame.url);
    } catch {
      return false;
    }
    return url.protocol === 'file:' && url.pathname === expected.pathname;
  };
}
