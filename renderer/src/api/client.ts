// Picks the transport: the Electron preload bridge when present, else the loopback door.
import type { MailSetupBridge } from '../../../shared/contract.js';
import { desktopTransport } from './desktop-transport.js';
import { createLoopbackTransport, takeSessionToken } from './loopback-transport.js';
import type { Transport } from './transport.js';

declare global {
  interface Window {
    mailsetup?: MailSetupBridge;
  }
}

export type ApiSetup = { ok: true; api: Transport; door: 'desktop' | 'browser' } | { ok: false; reason: string };

export function connectApi(): ApiSetup {
  if (window.mailsetup) return { ok: true, api: desktopTransport(window.mailsetup), door: 'desktop' };
  const token = takeSessionToken();
  if (token === null) return { ok: false, reason: 'This page needs the session link MailSetup printed when it started. Open that link (copy the whole line), or start MailSetup again.' };
  return { ok: true, api: createLoopbackTransport(token), door: 'browser' };
}
