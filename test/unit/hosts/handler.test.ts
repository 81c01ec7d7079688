// The `hosts` capability: who runs a server (registrable domain), IDN in Unicode, and
// whether a name resolves, through the injected resolver.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers, dispatch } from '../../../core/handlers.js';
import type { Deps } from '../../../core/deps.js';
import { createStaticResolver } from '../../support/mailstack/static-resolver.js';

function deps(): Deps {
  const never = (): never => {
    throw new Error('hosts must not fetch');
  };
  return {
    clock: { now: () => 0 },
    makeResolver: () => createStaticResolver({ 'server17.hoster.test': '127.0.0.5' }),
    makeHttp: never,
    extraCa: [],
    keychain: { get: never, set: never, delete: never },
    configDir: mkdtempSync(join(tmpdir(), 'mailsetup-hosts-')),
    ispdbUrl: 'http://127.0.0.1:9/',
  };
}

describe('hosts handler', () => {
  const handlers = createHandlers(deps());

  it('names the registrable domain, with multi-label public suffixes', async () => {
    const reply = await dispatch(handlers, 'hosts', { hosts: ['imap.gmail.com', 'mail.shop.example.co.uk', 'IMAP.Example.COM.'] });
    expect(reply.ok && reply.value.map((f) => f.registrable)).toEqual(['gmail.com', 'example.co.uk', 'example.com']);
    expect(reply.ok && reply.value.every((f) => f.resolves === undefined)).toBe(true);
  });

  it('shows IDN names in Unicode', async () => {
    const reply = await dispatch(handlers, 'hosts', { hosts: ['mail.xn--mller-kva.de'] });
    expect(reply.ok && reply.value[0]).toMatchObject({ unicode: 'mail.müller.de', registrable: 'müller.de' });
  });

  it('says whether each name resolves, only when asked', async () => {
    const reply = await dispatch(handlers, 'hosts', { hosts: ['server17.hoster.test', 'server18.hoster.test'], resolve: true });
    expect(reply.ok && reply.value.map((f) => f.resolves)).toEqual([true, false]);
  });

  it('refuses an empty list or a name with a line break', async () => {
    expect((await dispatch(handlers, 'hosts', { hosts: [] })).ok).toBe(false);
    expect((await dispatch(handlers, 'hosts', { hosts: ['a\r\nb'] })).ok).toBe(false);
  });
});
